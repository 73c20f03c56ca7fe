/* What a result card says about program i (no DOM; view.js builds the elements). A
   card is the program's name (a link), its nearest town with the distance, the FACTS
   as a list of terms and values, then the NOTES that apply. Adding a field is one row
   in FACTS: value(data, i) returns its text, or "" to leave the row out. */

const bitLabels = (mask, vocab, labels) => vocab.filter((_, b) => mask & (1 << b)).map((v) => labels[v] || v);

export function daysText(days) {
  if (!days) return "";
  const text = days < 10 ? String(days) : `${Math.floor(days / 10)}–${days % 10}`; // 35: 3 to 5
  return `${text} ${text === "1" ? "day" : "days"} a week`;
}

export const hoursText = (hours) => hours ? `${hours} ${hours === 1 ? "hour" : "hours"} a day` : "";

export const FACTS = [
  {
    term: "Format",
    value: (d, i) => { const f = d.facets.format[i]; return d.labels.format[f === 3 ? "hybrid" : f === 2 ? "telehealth" : "in-person"]; },
  },
  { term: "Schedule", value: (d, i) => [daysText(d.days[i]), hoursText(d.hours[i])].filter(Boolean).join(", ") },
  { term: "Payment", value: (d, i) => bitLabels(d.facets.payment[i], d.vocab.payment, d.labels.payment).join(", ") || "Ask the program" },
  { term: "Accreditation", value: (d, i) => bitLabels(d.facets.accreditation[i], d.vocab.accreditation, d.labels.accreditation).join(", ") || "None listed" },
];

export const NOTES = [
  { className: "finder-accepting", text: (d, i) => ["Not accepting new clients right now", "Accepting new clients", ""][d.accepting[i]] },
  { className: "finder-stale", text: (d, i) => d.stale.has(i) ? `This listing may be out of date: last checked more than ${d.staleAfter} ago.` : "" },
  { className: "finder-stale", text: (d, i) => d.expired.has(i) ? "Not verified at the moment: a licence or accreditation has expired and we are checking it again." : "" },
];

// [term, value] rows and {className, text} notes of program i's card.
export const facts = (data, i) => FACTS.map((f) => [f.term, f.value(data, i)]).filter(([, value]) => value);
export const notes = (data, i) => NOTES.map((n) => ({ className: n.className, text: n.text(data, i) })).filter((n) => n.text);

// The distance a card shows, to a tenth of a mile.
export function distanceText(miles) {
  const text = miles.toFixed(1);
  return `${text} ${text === "1.0" ? "mile" : "miles"}`;
}

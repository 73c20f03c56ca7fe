/* What a result card says about program i (no DOM; view.js builds the elements). A
   card is the program's name (a link), its nearest town with the distance, a Call link,
   the chosen filters it meets, the FACTS as a list of terms and values, then the NOTES
   that apply. Adding a field is one row in FACTS: value(data, i) returns its text, or ""
   to leave the row out. */
import { gettext as _, formatNumber, ngettext } from "../i18n/i18n.js";
import { FACETS, offers } from "./facets.js";

const bitLabels = (mask, vocab, labels) => vocab.filter((_, b) => mask & (1 << b)).map((v) => labels[v] || v);
const labelsOf = (d, key, i) => bitLabels(d.facets[key][i], d.vocab[key], d.labels[key] || {});

export function daysText(days) {
  if (!days) return "";
  // 35: 3 to 5 days, worded as a plural
  if (days >= 10) return _("{low}–{high} days a week", { low: Math.floor(days / 10), high: days % 10 });
  return ngettext("{count} day a week", "{count} days a week", days);
}

export const hoursText = (hours) => hours ? ngettext("{count} hour a day", "{count} hours a day", hours) : "";

// Ages served, from the index's amin/amax (0: not stated).
export function agesText(min, max) {
  if (min && max) return min === max ? `${min}` : `${min}–${max}`;
  if (min) return _("{age} and over", { age: min });
  if (max) return _("Up to {age}", { age: max });
  return _("Ages not listed");
}

export const FACTS = [
  {
    term: () => _("Format"),
    value: (d, i) => { const f = d.facets.format[i]; return d.labels.format[f === 3 ? "hybrid" : f === 2 ? "telehealth" : "in-person"]; },
  },
  { term: () => _("Schedule"), value: (d, i) => [daysText(d.days[i]), hoursText(d.hours[i])].filter(Boolean).join(", ") },
  { term: () => _("Tracks"), value: (d, i) => labelsOf(d, "schedule", i).join(", ") },
  { term: () => _("Ages"), value: (d, i) => agesText(d.amin[i], d.amax[i]) },
  { term: () => _("Languages"), value: (d, i) => labelsOf(d, "language", i).join(", ") },
  { term: () => _("Payment"), value: (d, i) => labelsOf(d, "payment", i).join(", ") || _("Ask the program") },
  { term: () => _("Medication"), value: (d, i) => labelsOf(d, "medication", i).join(", ") },
  { term: () => _("Accreditation"), value: (d, i) => labelsOf(d, "accreditation", i).join(", ") || _("None listed") },
];

/* `today` is the visitor's day in days since 1970-01-01. A clock behind the day a
   listing was checked says "today" rather than a day in the future. */
export function checkedText(checked, today) {
  if (checked < 0) return "";
  const days = Math.max(0, today - checked);
  return days === 0 ? _("Checked today") : ngettext("Checked {count} day ago", "Checked {count} days ago", days);
}

// The period is the index's wording of stale_after_days (a year by default), never
// written here.
const staleText = (after) => after
  ? _("This listing may be out of date: last checked more than {period} ago.", { period: after })
  : _("This listing may be out of date.");

export const NOTES = [
  { className: "finder-accepting", text: (d, i) => [_("Not accepting new clients right now"), _("Accepting new clients"), ""][d.accepting[i]] },
  { className: "finder-checked", text: (d, i, today) => checkedText(d.checked[i], today) },
  { className: "finder-stale", text: (d, i) => d.stale.has(i) ? staleText(d.staleAfter) : "" },
  { className: "finder-stale", text: (d, i) => d.expired.has(i) ? _("Not verified at the moment: a licence or accreditation has expired and we are checking it again.") : "" },
];

// [term, value] rows and {className, text} notes of program i's card.
export const facts = (data, i) => FACTS.map((f) => [f.term(), f.value(data, i)]).filter(([, value]) => value);
export const notes = (data, i, today) => NOTES.map((n) => ({ className: n.className, text: n.text(data, i, today) })).filter((n) => n.text);

/* "512-555-0142" -> "tel:+15125550142": a US number's digits without its extension
   (letters, as in 1-800-GOOD-DAY, by the phone keypad), "" when there are not 10 of
   them (11 with the leading 1). */
const KEYPAD = "22233344455566677778889999";
export function telHref(phone) {
  const digits = String(phone).replace(/\s*(?:ext\.?|extension|x)\s*\d+\s*$/i, "")
    .replace(/[a-z]/gi, (c) => KEYPAD[c.toLowerCase().charCodeAt(0) - 97]).replace(/\D/g, "");
  if (digits.length === 10) return `tel:+1${digits}`;
  if (digits.length === 11 && digits[0] === "1") return `tel:+${digits}`;
  return "";
}

/* The card's Call link, or null: {href, text, name}, `name` what a screen reader says
   ("Call 512-555-0142, Limestone Ledge Recovery"): a list of links tells the programs
   apart, and the name starts with what is shown, for those who speak to their device. */
export function call(data, i) {
  const phone = data.phones[i], href = phone ? telHref(phone) : "";
  return href ? { href, text: _("Call {phone}", { phone }), name: _("Call {phone}, {name}", { phone, name: data.names[i] }) } : null;
}

// The labels of the chosen filters (chips from facets.js) that program i meets.
export function matches(data, i, chosen, facets = FACETS) {
  return chosen.filter((c) => { const f = facets.find((row) => row.key === c.key); return f && offers(data, f, i, c.value); })
    .map((c) => c.label);
}

// The distance a card shows, to a tenth of a mile ("1.0 mile", "4,3 millas").
export function distanceText(miles) {
  const tenths = Math.round(miles * 10) / 10;
  return ngettext("{count} mile", "{count} miles", tenths, { count: formatNumber(tenths, 1) });
}

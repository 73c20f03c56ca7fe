/* The finder's filters, one row per group. A row's `key` names everything about the
   group at once: the form's inputs (name=key, inside <fieldset id="filter-KEY">, whose
   legend is the group's name), the URL parameter, the column of programs.json
   (generator/finder/index.py) and that column's vocabulary (the index's vocab[key]).

   A program passes a group when (column[i] & mask) !== 0, the mask having one bit per
   chosen value (ticking several boxes in one group: any of them); different groups must
   all pass. Adding a filter is one row here, one fieldset in finder.html and one column
   in generator/finder/index.py.

   Optional fields:
     vocab   the option values, when programs.json carries none for the column
     all     a value that stands for every value of the vocabulary ("any" body)
     list    the column holds, per program, a list of option numbers (insurers: there
             may be more than 31 of them, too many for one bitmask)
     read    (URLSearchParams) -> the values a link asks for; default getAll(key)
     select  (data, values) -> {arr, mask}, for a group with no options to count (an
             age): any array whose arr[i] & mask is non-zero for a program that passes
     meets   (data, i, value) -> whether program i offers the value, for a `select` group
     single  the form holds one value at most (a select, a number box, radio buttons) */

import { gettext as _ } from "../i18n/i18n.js";

export const AGE_MAX = 120; // generator/finder/page.py's AGE_MAX

// "15" -> "15"; anything but a whole number of years from 0 to AGE_MAX -> "".
export function ageValue(text) {
  const t = String(text ?? "").trim();
  return /^\d{1,3}$/.test(t) && Number(t) <= AGE_MAX ? String(Number(t)) : "";
}

// An age range (amin, amax: 0 when not stated) takes in `age`.
const ageFits = (amin, amax, age) => (!amin || age >= amin) && (!amax || age <= amax);

/* Programs whose age range takes in the age, and those that list no ages, so that a
   family is not shown fewer programs than there are (their cards say "Ages not listed"). */
function byAge(data, values) {
  const age = Number(values[0]);
  const arr = new Uint8Array(data.n);
  for (let i = 0; i < data.n; i++) arr[i] = ageFits(data.amin[i], data.amax[i], age) ? 1 : 0;
  return { arr, mask: 1 };
}

export const FACETS = [
  { key: "condition" },
  { key: "population" },
  { key: "payment" },
  { key: "accreditation", all: "any", single: true },
  { key: "schedule" },
  { key: "format" }, // hybrid programs carry both bits
  { key: "language" },
  // accepting_new_clients: 1 yes, 0 no, 2 not stated, so that only 1 passes.
  { key: "accepting", vocab: ["1"], read: (p) => (["1", "true", "yes"].includes(p.get("accepting")) ? ["1"] : []) },
  { key: "medication" },
  { key: "insurer", list: true, single: true },
  {
    key: "age", single: true, select: byAge, read: (p) => [ageValue(p.get("age"))].filter(Boolean),
    // A program that lists no ages passes the filter but does not "meet" it.
    meets: (d, i, age) => Boolean(d.amin[i] || d.amax[i]) && ageFits(d.amin[i], d.amax[i], Number(age)),
  },
];

export const facetOf = (key, facets = FACETS) => facets.find((f) => f.key === key);

// The option values of a group that has options (not `select`), in bit order.
export const optionsOf = (data, f) => [...(f.vocab || data.vocab[f.key] || []), ...(f.all ? [f.all] : [])];

/* The mask of the chosen values. A value no program offers adds no bit: a group whose
   choices are all unknown has mask 0 and matches nothing. */
export function maskOf(facet, values, vocab) {
  let mask = 0;
  for (const v of values) {
    const bit = vocab.indexOf(v);
    if (facet.all !== undefined && v === facet.all) mask |= (1 << vocab.length) - 1;
    else if (bit >= 0) mask |= 1 << bit;
  }
  return mask;
}

// Whether program i offers `value` of group f (a card's "Matches").
export function offers(data, f, i, value) {
  if (f.meets) return f.meets(data, i, value);
  if (f.list) return data.lists[f.key][i].includes(data.vocab[f.key].indexOf(value));
  return (data.facets[f.key][i] & maskOf(f, [value], f.vocab || data.vocab[f.key])) !== 0;
}

/* What a chip, the results line and a card's "Matches" call a chosen value. */
export function valueLabel(data, key, value) {
  if (key === "age") return _("Age {age}", { age: value });
  if (key === "accepting") return _("Accepting new clients");
  if (key === "accreditation" && value === "any") return _("Accredited");
  return data.labels[key]?.[value] || value;
}

/* The chosen filters one by one, in the table's order: [{key, value, label}]. */
export function chips(data, chosen, facets = FACETS) {
  return facets.flatMap((f) => (chosen[f.key] || []).map((value) => ({ key: f.key, value, label: valueLabel(data, f.key, value) })));
}

/* The finder's filters, one row per group. A row's `key` names everything about the
   group at once: the form's inputs (name=key, inside <fieldset id="filter-KEY">, whose
   legend is the group's name), the URL parameter, the column of programs.json
   (generator/finder.py) and that column's vocabulary (the index's vocab[key]).

   A program passes a group when (column[i] & mask) !== 0, the mask having one bit per
   chosen value (ticking several boxes in one group: any of them); different groups must
   all pass. Adding a filter is one row here, one fieldset in partials/finder.html and
   one column in generator/finder.py.

   Optional fields:
     vocab   the bit order, when programs.json carries none for the column
     all     a value that stands for every value of the vocabulary ("any" body)
     read    (URLSearchParams) -> the values a link asks for; default getAll(key)
     select  (data, values) -> {arr, mask}, for a group that is not one bitmask column
             (an age, say): any array whose arr[i] & mask is non-zero for a program
             that passes */
export const FACETS = [
  { key: "condition" },
  { key: "population" },
  { key: "payment" },
  { key: "accreditation", all: "any" },
  { key: "schedule" },
  { key: "format" }, // hybrid programs carry both bits
  { key: "language" },
  // accepting_new_clients: 1 yes, 0 no, 2 not stated, so that only 1 passes.
  { key: "accepting", vocab: ["1"], read: (p) => (["1", "true", "yes"].includes(p.get("accepting")) ? ["1"] : []) },
];

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

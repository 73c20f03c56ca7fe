/* Pressing Shift three times leaves the site (the quick exit), as GOV.UK's "Exit this
   page" does. No DOM: the counter is fed key events ({type, key, repeat, timeStamp}) and
   says when the third press completes, and how many are left.

   A press counts when Shift goes down and up with no other key in between, so typing
   capitals (Shift held while a letter is pressed) never adds up to an exit; the presses
   must fall within `within` milliseconds of the first. */

export const PRESSES = 3;
export const WITHIN_MS = 5000;

export function shiftCounter({ presses = PRESSES, within = WITHIN_MS } = {}) {
  let count = 0, first = 0, down = false;
  const reset = () => { count = 0; down = false; };
  // Returns {exit: true} on the last press, {left: n} after another press, else null.
  return function feed(event) {
    const shift = event.key === "Shift";
    if (event.type === "keydown") {
      if (!shift) { reset(); return null; }
      if (!event.repeat) down = true;
      return null;
    }
    if (event.type !== "keyup" || !shift || !down) return null;
    down = false;
    if (count === 0 || event.timeStamp - first > within) { count = 0; first = event.timeStamp; }
    count++;
    if (count >= presses) { reset(); return { exit: true }; }
    return { left: presses - count };
  };
}

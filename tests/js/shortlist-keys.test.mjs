// keys.js: Shift pressed three times leaves the site; typing never does.
import { test } from "node:test";
import assert from "node:assert/strict";

import { shiftCounter } from "../../theme/assets/shortlist/keys.js";

const down = (key, t, repeat = false) => ({ type: "keydown", key, timeStamp: t, repeat });
const up = (key, t) => ({ type: "keyup", key, timeStamp: t });
const press = (feed, t) => { feed(down("Shift", t)); return feed(up("Shift", t + 50)); };

test("three presses of Shift: two more, one more, then leave", () => {
  const feed = shiftCounter();
  assert.deepEqual(press(feed, 0), { left: 2 });
  assert.deepEqual(press(feed, 300), { left: 1 });
  assert.deepEqual(press(feed, 600), { exit: true });
  assert.deepEqual(press(feed, 900), { left: 2 }, "and it starts again");
});

test("typing capitals (Shift held while a letter goes down) never counts", () => {
  const feed = shiftCounter();
  for (let i = 0; i < 5; i++) {
    const t = i * 200;
    feed(down("Shift", t));
    feed(down("A", t + 20));
    feed(up("A", t + 40));
    assert.equal(feed(up("Shift", t + 60)), null);
  }
});

test("another key between presses starts the count again", () => {
  const feed = shiftCounter();
  press(feed, 0);
  press(feed, 200);
  feed(down("a", 300));
  assert.deepEqual(press(feed, 400), { left: 2 });
});

test("the presses must fall within five seconds of the first", () => {
  const feed = shiftCounter();
  press(feed, 0);
  press(feed, 2000);
  assert.deepEqual(press(feed, 5100), { left: 2 }, "too late: this press is a new first");
  press(feed, 6000);
  assert.deepEqual(press(feed, 7000), { exit: true });
});

test("holding Shift (repeated keydowns) is one press; a keyup alone is none", () => {
  const feed = shiftCounter();
  feed(down("Shift", 0));
  feed(down("Shift", 30, true));
  feed(down("Shift", 60, true));
  assert.deepEqual(feed(up("Shift", 90)), { left: 2 });
  assert.equal(feed(up("Shift", 120)), null);
  assert.equal(feed({ type: "keypress", key: "Shift", timeStamp: 130 }), null);
});

test("a count of two presses can be asked for", () => {
  const feed = shiftCounter({ presses: 2, within: 1000 });
  assert.deepEqual(press(feed, 0), { left: 1 });
  assert.deepEqual(press(feed, 100), { exit: true });
});

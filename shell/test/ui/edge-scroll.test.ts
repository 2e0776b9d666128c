import { describe, expect, it } from 'vitest';
import { edgeScrollStep } from '../../src/ui/components/edge-scroll.js';

/** The rule for scrolling under a dragged card: only near an edge, faster closer to it, never past the end. */
describe('edge scrolling while dragging', () => {
  const options = { zone: 50, maxStep: 20 };
  const room = { before: 500, after: 500 };

  it('does nothing away from the edges', () => {
    expect(edgeScrollStep(300, 0, 600, room, options)).toBe(0);
  });

  it('scrolls back near the start and on near the end, faster the closer the pointer is', () => {
    expect(edgeScrollStep(40, 0, 600, room, options)).toBeLessThan(0);
    expect(edgeScrollStep(5, 0, 600, room, options)).toBeLessThan(edgeScrollStep(40, 0, 600, room, options));
    expect(edgeScrollStep(560, 0, 600, room, options)).toBeGreaterThan(0);
    expect(edgeScrollStep(600, 0, 600, room, options)).toBe(20);
    expect(edgeScrollStep(620, 0, 600, room, options)).toBe(20); // held just past the edge
  });

  it('stops where the container cannot scroll any further', () => {
    expect(edgeScrollStep(598, 0, 600, { before: 500, after: 0 }, options)).toBe(0);
    expect(edgeScrollStep(598, 0, 600, { before: 500, after: 3 }, options)).toBe(3);
    expect(edgeScrollStep(2, 0, 600, { before: 0, after: 500 }, options)).toBe(0);
  });

  it('ignores a pointer far outside the container', () => {
    expect(edgeScrollStep(900, 0, 600, room, options)).toBe(0);
  });
});

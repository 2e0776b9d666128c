import { describeStep, type ScriptedStep, type ScriptedStepFunction } from './scripted-step.js';

export const defaultLane = 'default';

/**
 * Steps queued per lane. A lane is keyed by the request's `model`; a model that was never given a
 * lane of its own is served from the default lane. Steps are consumed in order; a lane's responder
 * (if it has one) answers every request its queue has no step for, and is never "unused".
 */
export class ScriptLanes {
  private readonly lanes = new Map<string, ScriptedStep[]>();
  private readonly responders = new Map<string, ScriptedStepFunction>();

  /** Sets the function that answers `lane`'s requests once its queued steps are used up. */
  respond(lane: string, responder: ScriptedStepFunction): void {
    this.responders.set(lane, responder);
    if (!this.lanes.has(lane)) this.lanes.set(lane, []);
  }

  /** Whether `step` is a lane's responder (it is never put back: it answers again). */
  isResponder(lane: string, step: ScriptedStep): boolean {
    return this.responders.get(lane) === step;
  }

  append(lane: string, steps: readonly ScriptedStep[]): void {
    const queue = this.lanes.get(lane) ?? [];
    queue.push(...steps);
    this.lanes.set(lane, queue);
  }

  /** The lane a request for `model` is served from. */
  laneFor(model: string | undefined): string {
    return model !== undefined && model !== defaultLane && this.lanes.has(model) ? model : defaultLane;
  }

  /** Removes and returns the next step of `lane`, else its responder, or undefined when it has neither. */
  take(lane: string): ScriptedStep | undefined {
    return this.lanes.get(lane)?.shift() ?? this.responders.get(lane);
  }

  /** Puts a step back at the front of `lane` (a reply the client did not receive in full). */
  putBack(lane: string, step: ScriptedStep): void {
    this.lanes.set(lane, [step, ...(this.lanes.get(lane) ?? [])]);
  }

  /** Descriptions of the steps not consumed yet, per lane (lanes with none left are omitted). */
  unused(): Map<string, string[]> {
    const result = new Map<string, string[]>();
    for (const [lane, steps] of this.lanes) {
      if (steps.length > 0) result.set(lane, steps.map(describeStep));
    }
    return result;
  }

  clear(): void {
    this.lanes.clear();
    this.responders.clear();
  }
}

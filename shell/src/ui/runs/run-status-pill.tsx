import type { RunStatus } from '@kanbots/core/protocol';
import type { Component } from 'solid-js';
import { RUN_STATUS_LABELS, RUN_STATUS_TONES } from './run-status.js';

/** A small coloured pill with the run's status; the label says it for screen readers too. */
export const RunStatusPill: Component<{ status: RunStatus; detail?: string }> = (props) => (
  <span
    class="run-pill"
    data-tone={RUN_STATUS_TONES[props.status]}
    data-status={props.status}
    role="img"
    aria-label={`Run: ${RUN_STATUS_LABELS[props.status]}${props.detail ? ` — ${props.detail}` : ''}`}
    title={props.detail ?? RUN_STATUS_LABELS[props.status]}
  >
    <span class="run-pill-dot" aria-hidden="true" />
    <span aria-hidden="true">{RUN_STATUS_LABELS[props.status]}</span>
  </span>
);

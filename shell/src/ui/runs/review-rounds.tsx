import type { ReviewView } from '@kanbots/core/protocol';
import { For, Show, type Component } from 'solid-js';
import { countOf } from '../components/plural.js';

/** The reviewer's verdicts, newest first, with their findings. */
export const ReviewRounds: Component<{ reviews: readonly ReviewView[] }> = (props) => (
  <Show when={props.reviews.length > 0}>
    <section class="reviews" aria-label="Reviews">
      <h3 class="section-title">Reviews</h3>
      <For each={[...props.reviews].reverse()}>
        {(review) => (
          <details class="review" open={review === props.reviews.at(-1)}>
            <summary>
              Round {review.round}:{' '}
              <span class={review.verdict === 'approve' ? 'verdict-approve' : 'verdict-changes'}>
                {review.verdict === 'approve' ? 'approved' : 'changes requested'}
              </span>
              {review.findings.length > 0 ? ` · ${countOf(review.findings.length, 'finding')}` : ''}
            </summary>
            <Show when={review.summary}>
              <p class="review-summary">{review.summary}</p>
            </Show>
            <ul class="findings">
              <For each={review.findings}>
                {(finding) => (
                  <li class="finding" data-severity={finding.severity}>
                    <span class="finding-severity">{finding.severity}</span>
                    <span class="mono finding-location">
                      {finding.file}
                      {finding.line ? `:${finding.line}` : ''}
                    </span>
                    <span class="finding-message">{finding.message}</span>
                  </li>
                )}
              </For>
            </ul>
          </details>
        )}
      </For>
    </section>
  </Show>
);

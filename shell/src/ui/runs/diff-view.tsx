import { For, createMemo, type Component } from 'solid-js';
import { parseUnifiedDiff } from './parse-unified-diff.js';
import { highlightLine, languageOfPath } from './highlight-code.js';

const SIGNS = { added: '+', removed: '−', context: ' ', hunk: '', note: '', file: '' } as const;

/** A unified diff as a table: line numbers on both sides, additions and removals coloured, code highlighted. */
export const DiffView: Component<{ patch: string; path?: string }> = (props) => {
  const lines = createMemo(() => parseUnifiedDiff(props.patch));
  const language = createMemo(() => (props.path ? languageOfPath(props.path) : undefined));
  return (
    <div class="diff" role="region" aria-label={props.path ? `Changes to ${props.path}` : 'Changes'} tabIndex={0}>
      <table class="diff-table">
        <tbody>
          <For each={lines()}>
            {(line) =>
              line.kind === 'hunk' || line.kind === 'note' || line.kind === 'file' ? (
                <tr class={`diff-line diff-${line.kind}`}>
                  <td class="diff-number" />
                  <td class="diff-number" />
                  <td class="diff-code" colSpan={2}>
                    {line.text}
                  </td>
                </tr>
              ) : (
                <tr class={`diff-line diff-${line.kind}`}>
                  <td class="diff-number">{line.oldNumber ?? ''}</td>
                  <td class="diff-number">{line.newNumber ?? ''}</td>
                  <td class="diff-sign" aria-label={line.kind === 'context' ? undefined : line.kind}>
                    {SIGNS[line.kind]}
                  </td>
                  <td class="diff-code" innerHTML={highlightLine(line.text, language())} />
                </tr>
              )
            }
          </For>
        </tbody>
      </table>
    </div>
  );
};

import { describe, expect, it } from 'vitest'
import { runtimeBank } from '../runtime/testing/runtimeFixture'
import { keyAnswers, loadAnswersText, rehearsalText } from './rehearsalAnswers'

describe('rehearsal answers', () => {
  it('answers each objective unit with its key and each written one with a rehearsal text', () => {
    expect(Object.fromEntries(keyAnswers(runtimeBank))).toEqual({
      q1: 'B',
      q2: ['A', 'C'],
      q3: true,
      q4: rehearsalText('q4'),
      'case.1': 'A',
      'case.2': 'Rehearsal answer for case.2',
    })
  })

  it('reads a YAML or JSON map of unit id to answer', () => {
    expect(loadAnswersText('q1: C\nq3: false\ncase.2: 文字\n', 'a.yaml', runtimeBank)).toEqual({
      answers: new Map<string, unknown>([
        ['q1', 'C'],
        ['q3', false],
        ['case.2', '文字'],
      ]),
      diagnostics: [],
    })
    expect(loadAnswersText('{"q2": ["B"], "q4": null}', 'a.json', runtimeBank).answers).toEqual(
      new Map<string, unknown>([
        ['q2', ['B']],
        ['q4', null],
      ]),
    )
  })

  it('locates every problem: unknown ids (with a guess), scenarios, wrong shapes, missing options', () => {
    const text = 'q1: [A]\nq9: B\ncase: A\nq2: [A, Z]\nq3: "yes"\n'
    const { answers, diagnostics } = loadAnswersText(text, 'a.yaml', runtimeBank)
    expect(answers).toBeUndefined()
    expect(diagnostics.map((d) => [d.line, d.column, d.message, d.hint])).toEqual([
      [1, 5, 'the answer to q1 (single) must be one option letter, e.g. B', undefined],
      [2, 1, 'bank runtime-demo has no item or scenario part "q9"', 'did you mean "q1"?'],
      [3, 1, 'case is a scenario; answer its parts instead', 'its parts are case.1, case.2'],
      [4, 5, 'q2 has no option Z', 'its options are A, B, C'],
      [5, 5, 'the answer to q3 (true_false) must be true or false', undefined],
    ])
  })

  it('refuses files that are not a mapping, with a whole-file diagnostic', () => {
    for (const text of ['', '- q1\n- q2\n', 'q1: [A\n']) {
      const { answers, diagnostics } = loadAnswersText(text, 'a.yaml', runtimeBank)
      expect(answers, JSON.stringify(text)).toBeUndefined()
      expect(diagnostics).toHaveLength(1)
    }
  })
})

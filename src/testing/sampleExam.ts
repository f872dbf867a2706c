import type { CandidateExam, CandidateItem } from '@contract'

/**
 * Test exams in the candidate-safe shape. The sample covers every item type; its options are delivered in a
 * shuffled order (C, A, D, B), so a test can tell position labels from original letters.
 */
export function sampleExam(): CandidateExam {
  return {
    id: 'sample-exam',
    title: 'Sample certification',
    language: 'en',
    duration_minutes: 30,
    instructions: 'Answer every question.',
    sections: [
      {
        id: 'choice',
        title: 'Choice questions',
        items: [
          {
            id: 'single-1',
            type: 'single',
            number: 1,
            stem: 'Which comes first?',
            points: 2,
            options: [
              { letter: 'C', text: 'Charlie' },
              { letter: 'A', text: 'Alpha' },
              { letter: 'D', text: 'Delta' },
              { letter: 'B', text: 'Bravo' },
            ],
            parts: [],
          },
          {
            id: 'multiple-1',
            type: 'multiple',
            number: 2,
            stem: 'Pick the vowels.',
            points: 3,
            options: [
              { letter: 'B', text: 'E' },
              { letter: 'A', text: 'K' },
              { letter: 'C', text: 'O' },
            ],
            parts: [],
          },
          { id: 'tf-1', type: 'true_false', number: 3, stem: 'The sky is blue.', points: 1, options: [], parts: [] },
        ],
      },
      {
        id: 'written',
        title: 'Written questions',
        items: [
          {
            id: 'short-1',
            type: 'short_answer',
            number: 1,
            stem: '請簡述你的經驗。',
            points: 5,
            options: [],
            parts: [],
          },
          {
            id: 'scenario-1',
            type: 'scenario',
            number: 2,
            stem: 'A customer calls about a broken laptop.',
            points: 6,
            options: [],
            parts: [
              {
                id: 'scenario-1-a',
                type: 'single',
                stem: 'First step?',
                points: 2,
                options: [
                  { letter: 'B', text: 'Listen' },
                  { letter: 'A', text: 'Hang up' },
                ],
              },
              { id: 'scenario-1-b', type: 'short_answer', stem: 'What do you say?', points: 4, options: [] },
            ],
          },
        ],
      },
    ],
  }
}

/** A large exam for performance checks: `count` single-choice items split over sections of 100. */
export function generatedExam(count: number): CandidateExam {
  const sections: CandidateExam['sections'] = []
  for (let start = 0; start < count; start += 100) {
    const items: CandidateItem[] = []
    for (let n = start; n < Math.min(count, start + 100); n++) {
      items.push({
        id: `item-${String(n + 1)}`,
        type: 'single',
        number: n - start + 1,
        stem: `Generated question ${String(n + 1)}`,
        points: 1,
        options: ['A', 'B', 'C', 'D'].map((letter) => ({ letter, text: `Option ${letter} of ${String(n + 1)}` })),
        parts: [],
      })
    }
    sections.push({
      id: `section-${String(sections.length + 1)}`,
      title: `Section ${String(sections.length + 1)}`,
      items,
    })
  }
  return {
    id: `generated-${String(count)}`,
    title: `Generated ${String(count)}`,
    language: 'en',
    duration_minutes: 120,
    sections,
  }
}

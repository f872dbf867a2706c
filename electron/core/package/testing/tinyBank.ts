import type { Bank } from '../../bank/schema'

/** The smallest bank there is, for package tests: small enough for a byte-by-byte tamper loop. */
export const tinyBank: Bank = {
  format: 'invigil-bank/1',
  id: 'tiny',
  title: '小測驗',
  language: 'zh-Hant',
  duration_minutes: 30,
  sections: [
    {
      id: 's1',
      title: '是非題',
      items: [
        { id: 'q1', type: 'true_false', stem: '地球是圓的。', points: 2, key: true },
        { id: 'q2', type: 'single', stem: '一加一等於？', points: 3, options: { A: '一', B: '二' }, key: 'B' },
      ],
    },
  ],
}

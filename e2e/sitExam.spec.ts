import { E2E_BANK, INTERVIEW_BANK, expect, test } from './fixtures'
import { planSitting } from './support/answerPlan'
import { ApiLog } from './support/apiLog'
import { leakableTexts, leaksIn, readBank } from './support/bankFacts'
import { ExamPage } from './support/examPage'
import { translator, type UiLocale } from './support/locale'
import { expectScoredAsPlanned, exportedResult } from './support/resultBundle'
import { screenChecks } from './support/screenChecks'
import { sitAsPlanned } from './support/sitting'

interface Sitting {
  paper: string
  bank: string
  locale: UiLocale
  candidate: { candidateId: string; name: string }
  /** Write this sitting's screens to reports/screenshots (resources/screenshots with INVIGIL_REFRESH_SCREENSHOTS=1). */
  screenshots: boolean
  /** axe-core on every screen. The interview paper shows the same screens with other words: not scanned again. */
  axe: boolean
}

/** Both seed papers in their own language (zh-Hant), and the certification paper once with an English interface. */
const SITTINGS: Sitting[] = [
  {
    paper: 'certification',
    bank: E2E_BANK,
    locale: 'zh-Hant',
    candidate: { candidateId: 'C-2026-0042', name: '陳大文' },
    screenshots: true,
    axe: true,
  },
  {
    paper: 'interview',
    bank: INTERVIEW_BANK,
    locale: 'zh-Hant',
    candidate: { candidateId: 'I-2026-0007', name: '林美玲' },
    screenshots: false,
    axe: false,
  },
  {
    paper: 'certification',
    bank: E2E_BANK,
    locale: 'en',
    candidate: { candidateId: 'C-2026-0107', name: 'Wong Ka Yan' },
    screenshots: true,
    axe: true,
  },
]

for (const sitting of SITTINGS) {
  test.describe(`the ${sitting.paper} paper in ${sitting.locale}`, () => {
    test.use({ bank: sitting.bank })

    test('a candidate sits it end to end and gets exactly the score the bank gives those answers, without ever receiving a key', async ({
      page,
      app,
    }, testInfo) => {
      const bank = await readBank(sitting.bank)
      const log = ApiLog.attach(page)
      const exam = new ExamPage(page, translator(sitting.locale), log)
      const check = sitting.axe
        ? screenChecks(page, sitting.screenshots ? sitting.locale : undefined)
        : async (): Promise<void> => undefined

      await exam.open(app.url, sitting.locale)
      await exam.checkIn(sitting.candidate, check)
      const [session] = await log.values('session.checkIn')
      if (!session) throw new Error('check-in returned no session')
      const plan = planSitting(bank, session.exam)
      await sitAsPlanned(exam, plan, check)

      const manifest = await exportedResult(app, session.sessionId, testInfo.outputPath('bundles'))
      expect(manifest.session.submit_reason).toBe('candidate')
      expect(manifest.candidate).toEqual({ id: sitting.candidate.candidateId, name: sitting.candidate.name })
      expect([...manifest.flags].sort()).toEqual(plan.flagged.map((step) => step.item.id).sort())
      const expected = expectScoredAsPlanned(manifest, bank, plan.responses)
      // The plan really is a mix: some answers earn nothing, some only part of their points, and written ones wait for a grader.
      expect(
        expected.units.some((unit) => unit.method === 'auto' && unit.status === 'scored' && unit.points === 0),
      ).toBe(true)
      expect(expected.units.some((unit) => unit.points > 0 && unit.points < unit.max)).toBe(true)
      expect(expected.pending).toBeGreaterThan(0)

      const exchanges = await log.exchanges()
      // The whole sitting was recorded: every kind of call a candidate's actions make.
      expect([...new Set(exchanges.map((exchange) => exchange.method))]).toEqual(
        expect.arrayContaining([
          'station.status',
          'session.current',
          'session.checkIn',
          'session.acknowledgeRules',
          'session.saveAnswer',
          'session.setFlag',
          'session.navigate',
          'session.tick',
          'session.submit',
        ]),
      )
      expect(leakableTexts(bank).length, 'explanations, reference answers and notes to look for').toBeGreaterThan(30)
      expect(leaksIn(exchanges, bank), 'hidden bank content in API responses').toEqual([])
    })
  })
}

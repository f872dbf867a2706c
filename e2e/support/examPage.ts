import { expect, type Locator, type Page } from '@playwright/test'
import type { ApiLog } from './apiLog'
import type { ItemStep, UnitAnswer, ImeSegment } from './answerPlan'
import type { Translate } from './locale'
import type { ScreenCheck } from './screenChecks'

/** TextAnswer's debounce (600 ms) and a margin: how long a save of half-composed text would take to show up. */
const TEXT_DEBOUNCE_WAIT_MS = 900
/** Bopomofo, its tone marks and Latin letters: what an input method shows before the candidate picks characters. */
const COMPOSING_CHARACTERS = /[\u3100-\u312F\u02C7\u02CA\u02CB\u02D9A-Za-z]/

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

const positionLabel = (position: number): string => String.fromCharCode(65 + position)

/**
 * The candidate's side of the station, driven the way a candidate drives it: by the visible words (in the chosen
 * interface language), the keyboard shortcuts and an input method.
 */
export class ExamPage {
  constructor(
    readonly page: Page,
    readonly t: Translate,
    private readonly log: ApiLog,
  ) {}

  heading(name: string): Locator {
    return this.page.getByRole('heading', { name, exact: true })
  }

  button(name: string): Locator {
    return this.page.getByRole('button', { name, exact: true })
  }

  /** The live region that speaks urgent news (timer warnings, time up, save failures). */
  get assertive(): Locator {
    return this.page.getByTestId('live-assertive')
  }

  get polite(): Locator {
    return this.page.getByTestId('live-polite')
  }

  get timer(): Locator {
    return this.page.getByRole('timer')
  }

  /** The save indicator of the current question ends with `message` (after its symbol, which is not read out). */
  async expectSaveStatus(message: string): Promise<void> {
    await expect(this.page.getByRole('status').first()).toHaveText(new RegExp(`(^|\\s)${escapeRegExp(message)}$`))
  }

  /** Home screen, then switch the interface language if it is not the one the exam defaults to. */
  async open(url: string, locale: string): Promise<void> {
    await this.page.goto(url)
    const picker = this.page.getByRole('combobox')
    await expect(picker).toBeVisible()
    if ((await picker.inputValue()) !== locale) await picker.selectOption(locale)
    await expect(this.page.locator('html')).toHaveAttribute('lang', locale)
    await expect(this.heading(this.t('station.title'))).toBeVisible()
  }

  /** Home -> check-in -> confirm -> rules -> the first question, with `check` run on every screen on the way. */
  async checkIn(
    candidate: { candidateId: string; name: string },
    check: ScreenCheck = async () => undefined,
  ): Promise<void> {
    const { t } = this
    await check('home')
    await this.button(t('station.begin')).click()
    await expect(this.heading(t('checkIn.title'))).toBeFocused()
    await this.page.getByLabel(t('checkIn.candidateId'), { exact: true }).fill(candidate.candidateId)
    await this.page.getByLabel(t('checkIn.name'), { exact: true }).fill(candidate.name)
    await check('check-in')
    await this.button(t('checkIn.continue')).click()
    await expect(this.heading(t('checkIn.confirmTitle'))).toBeVisible()
    await expect(this.page.getByRole('definition')).toHaveText([candidate.candidateId, candidate.name])
    await check('confirm')
    await this.button(t('checkIn.confirm')).click()
    await expect(this.heading(t('instructions.title'))).toBeVisible()
    await expect(
      this.page.getByText(t('instructions.candidate', { name: candidate.name, id: candidate.candidateId })),
    ).toBeVisible()
    await check('instructions')
    await this.page.getByLabel(t('instructions.acknowledge'), { exact: true }).check()
    await this.button(t('instructions.start')).click()
    await expect(this.page.getByRole('timer')).toBeVisible()
  }

  /** The question panel, found by its heading ("Question 3 of 10"), which also proves where we are. */
  question(step: ItemStep): Locator {
    return this.page.getByRole('region', {
      name: this.t('exam.question', { number: step.item.number, total: step.sectionSize }),
      exact: true,
    })
  }

  async expectAt(step: ItemStep): Promise<void> {
    const question = this.question(step)
    await expect(question).toBeVisible()
    await expect(question.getByText(step.sectionTitle, { exact: true })).toBeVisible()
    await expect(question.getByText(step.item.stem, { exact: true })).toBeVisible()
  }

  /** Where one unit is answered: the question itself, or the list entry of one scenario part. */
  private unitArea(step: ItemStep, unitId: string): Locator {
    const question = this.question(step)
    if (step.item.type !== 'scenario') return question
    const position = step.item.parts.findIndex((part) => part.id === unitId)
    return question
      .getByRole('listitem')
      .filter({ has: this.page.getByRole('heading', { name: this.t('exam.part', { number: position + 1 }) }) })
  }

  async answer(step: ItemStep, answer: UnitAnswer): Promise<void> {
    const area = this.unitArea(step, answer.unitId)
    if (answer.type === 'single' || answer.type === 'multiple') {
      for (const letter of answer.letters) {
        const position = answer.options.findIndex((option) => option.letter === letter)
        const text = answer.options[position]?.text ?? ''
        await area
          .getByRole(answer.type === 'single' ? 'radio' : 'checkbox', { name: `${positionLabel(position)} ${text}` })
          .check()
      }
    } else if (answer.type === 'true_false') {
      await area
        .getByRole('radio', { name: this.t(answer.value ? 'trueFalse.true' : 'trueFalse.false'), exact: true })
        .check()
    } else {
      const box = area.getByRole('textbox', { name: this.t('text.label'), exact: true })
      if (answer.ime) await this.typeWithIme(box, answer.unitId, answer.ime, answer.text)
      else {
        await box.fill(answer.text)
        // Moving on from the field saves at once, without waiting for the pause in typing.
        await box.blur()
      }
    }
  }

  /** The question shows exactly the step's answers: the chosen options ticked (and no others), the text in its field. */
  async expectAnswered(step: ItemStep): Promise<void> {
    for (const answer of step.answers) {
      const area = this.unitArea(step, answer.unitId)
      if (answer.type === 'single' || answer.type === 'multiple') {
        const role = answer.type === 'single' ? 'radio' : 'checkbox'
        for (const [position, option] of answer.options.entries()) {
          const choice = area.getByRole(role, { name: `${positionLabel(position)} ${option.text}` })
          if (answer.letters.includes(option.letter)) await expect(choice).toBeChecked()
          else await expect(choice).not.toBeChecked()
        }
      } else if (answer.type === 'true_false') {
        await expect(
          area.getByRole('radio', { name: this.t(answer.value ? 'trueFalse.true' : 'trueFalse.false'), exact: true }),
        ).toBeChecked()
        await expect(
          area.getByRole('radio', { name: this.t(answer.value ? 'trueFalse.false' : 'trueFalse.true'), exact: true }),
        ).not.toBeChecked()
      } else {
        await expect(area.getByRole('textbox', { name: this.t('text.label'), exact: true })).toHaveValue(answer.text)
      }
    }
  }

  /**
   * Types through Chromium's own IME path (CDP Input.imeSetComposition, then Input.insertText to commit), the way
   * a Zhuyin or Pinyin user does. While a composition is open for longer than the save delay, nothing may be
   * saved; afterwards the field and the saved answer are exactly the committed text.
   */
  private async typeWithIme(box: Locator, unitId: string, segments: ImeSegment[], text: string): Promise<void> {
    await box.click()
    const cdp = await this.page.context().newCDPSession(this.page)
    try {
      for (const [index, segment] of segments.entries()) {
        for (const composing of segment.composing) {
          await cdp.send('Input.imeSetComposition', {
            text: composing,
            selectionStart: composing.length,
            selectionEnd: composing.length,
          })
        }
        if (index === 1) {
          // Mid-composition: the keys show in the field, and a pause longer than the save delay saves none of them.
          await expect(box).toHaveValue(`${segments[0]?.commit ?? ''}${segment.composing.at(-1) ?? ''}`)
          await this.page.waitForTimeout(TEXT_DEBOUNCE_WAIT_MS)
          const saved = await this.log.savedResponsesOf(unitId)
          expect(
            saved.filter((value) => typeof value === 'string' && COMPOSING_CHARACTERS.test(value)),
            'saves of half-composed text',
          ).toEqual([])
        }
        await cdp.send('Input.insertText', { text: segment.commit })
      }
    } finally {
      await cdp.detach()
    }
    const committed = segments.map((segment) => segment.commit).join('')
    await this.page.keyboard.insertText(text.slice(committed.length))
    await expect(box).toHaveValue(text)
    await box.blur()
    await expect
      .poll(async () => (await this.log.savedResponsesOf(unitId)).at(-1), { message: 'the saved written answer' })
      .toBe(text)
    const saved = await this.log.savedResponsesOf(unitId)
    expect(
      saved.filter((value) => typeof value !== 'string' || COMPOSING_CHARACTERS.test(value) || !text.startsWith(value)),
      'every save is committed text',
    ).toEqual([])
  }

  async strikeOut(step: ItemStep, letter: string): Promise<void> {
    await this.strikeToggle(step, letter).click()
    await this.expectStruckOut(step, letter)
    // Striking out does not answer.
    await expect(this.struckOption(step)).not.toBeChecked()
  }

  /** The option's toggle is pressed and "struck out" is part of its name: the only struck option of the question. */
  async expectStruckOut(step: ItemStep, letter: string): Promise<void> {
    await expect(this.strikeToggle(step, letter)).toHaveAttribute('aria-pressed', 'true')
    await expect(this.struckOption(step)).toHaveCount(1)
  }

  private strikeToggle(step: ItemStep, letter: string): Locator {
    const position = step.item.options.findIndex((option) => option.letter === letter)
    return this.question(step).getByRole('button', {
      name: this.t('options.eliminate', { label: positionLabel(position) }),
      exact: true,
    })
  }

  private struckOption(step: ItemStep): Locator {
    return this.question(step).getByRole(step.item.type === 'multiple' ? 'checkbox' : 'radio', {
      name: this.t('options.eliminated'),
    })
  }

  async flag(step: ItemStep, via: 'button' | 'shortcut'): Promise<void> {
    const toggle = this.question(step).getByRole('button', { name: this.t('exam.flag'), exact: true })
    await expect(toggle).toBeVisible()
    if (via === 'button') await toggle.click()
    else {
      await this.page.keyboard.press('Alt+F')
      await expect(this.polite).toHaveText(this.t('announce.flagged'))
    }
    // Flagged, the button offers the way back, in words.
    await expect(this.question(step).getByRole('button', { name: this.t('exam.unflag'), exact: true })).toBeVisible()
    await expect(toggle).toBeHidden()
  }

  /** Next question by the button, or by Alt+N; focus lands on the new question's heading either way. */
  async next(via: 'button' | 'shortcut', from: ItemStep, to: ItemStep): Promise<void> {
    if (via === 'button')
      await this.question(from)
        .getByRole('button', { name: this.t('exam.next'), exact: true })
        .click()
    else await this.page.keyboard.press('Alt+N')
    await this.expectAt(to)
    await expect(
      this.page.getByRole('heading', {
        level: 2,
        name: this.t('exam.question', { number: to.item.number, total: to.sectionSize }),
      }),
    ).toBeFocused()
  }

  /** Jumps with the question navigator: the section's list, then "Question n, …". */
  async goTo(step: ItemStep): Promise<void> {
    const section = this.page
      .getByRole('navigation', { name: this.t('navigator.title') })
      .getByRole('region', { name: step.sectionTitle, exact: true })
    const prefix = `${this.t('navigator.item', { number: step.item.number })}${this.t('navigator.separator')}`
    await section.getByRole('button', { name: new RegExp(`^${escapeRegExp(prefix)}`) }).click()
    await this.expectAt(step)
  }

  reviewLink(step: ItemStep): string {
    return this.t('review.goTo', { section: step.sectionTitle, number: step.item.number })
  }

  /** The review screen lists exactly these unanswered and flagged questions, in exam order. */
  async expectReview(unanswered: ItemStep[], flagged: ItemStep[]): Promise<void> {
    const { t } = this
    await expect(this.heading(t('review.title'))).toBeFocused()
    for (const [heading, steps] of [
      [t('review.unanswered', { count: unanswered.length }), unanswered],
      [t('review.flagged', { count: flagged.length }), flagged],
    ] as const) {
      const links = this.page.getByRole('list', { name: heading, exact: true }).getByRole('button')
      await expect(links).toHaveCount(steps.length)
      for (const [index, step] of steps.entries())
        await expect(links.nth(index)).toHaveAccessibleName(this.reviewLink(step))
    }
  }

  get dialog(): Locator {
    return this.page.getByRole('dialog', { name: this.t('submit.title') })
  }
}

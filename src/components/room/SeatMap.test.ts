// @vitest-environment jsdom
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { RoomSeatState, RoomSeatView } from '@contract'
import { i18n, setLocale } from '../../i18n'
import SeatMap from './SeatMap.vue'

const seat = (label: string, row: number, column: number, over: Partial<RoomSeatView> = {}): RoomSeatView => ({
  label,
  row,
  column,
  candidate: null,
  stationId: null,
  status: null,
  secondsSinceHeard: null,
  commands: { applied: 0, refused: 0, pending: [], late: [] },
  collected: false,
  rollbacks: [],
  ...over,
})

const heard = (state: RoomSeatState, answered: number, seconds = 1): Partial<RoomSeatView> => ({
  stationId: 'abcd0123abcd0123',
  secondsSinceHeard: seconds,
  status: {
    seat: null,
    candidateId: 'C-1',
    sessionId: state === 'idle' ? null : 's1',
    state,
    answered,
    total: 35,
    remainingMs: state === 'idle' ? null : 754_000,
    lastSave: 'ok',
    incidents: 0,
    environment: 'passed',
  },
})

function mountMap(seats: RoomSeatView[], selected: string[] = []) {
  i18n.global.locale.value = 'en'
  return mount(SeatMap, { props: { seats, selected }, global: { plugins: [i18n] } })
}

describe('SeatMap', () => {
  it('names each seat in full and shows its state as a word, laid out by row and column', () => {
    const wrapper = mountMap([
      seat('A-01', 1, 1, { candidate: { candidateId: 'C-1', name: '陳小明' }, ...heard('running', 12) }),
      seat('A-02', 1, 3, heard('paused', 3)),
      seat('B-01', 2, 1, heard('submitted', 35)),
      seat('B-02', 2, 2),
    ])
    const buttons = wrapper.findAll('button.seat')
    // Named by the words it shows, in order (no aria-label over them): a voice user can say any of them.
    expect(buttons.map((b) => b.attributes('aria-label'))).toEqual([undefined, undefined, undefined, undefined])
    expect(buttons.map((b) => b.text())).toEqual([
      'A-01 陳小明 running 12 of 35 answered 12:34 left',
      'A-02 no candidate paused 3 of 35 answered 12:34 left',
      'B-01 no candidate submitted 35 of 35 answered 12:34 left',
      'B-02 no candidate no station',
    ])
    expect(buttons.map((b) => b.get('[data-testid="seat-state"]').text())).toEqual([
      'running',
      'paused',
      'submitted',
      'no station',
    ])
    expect(buttons.map((b) => b.classes().find((c) => c.startsWith('seat-')))).toEqual([
      'seat-running',
      'seat-paused',
      'seat-submitted',
      'seat-none',
    ])
    const first = buttons[0]?.element as HTMLElement
    expect([first.style.gridRow, first.style.gridColumn]).toEqual(['1', '1'])
    expect((buttons[1]?.element as HTMLElement).style.gridColumn).toBe('3')
    expect(buttons[0]?.text()).toContain('12:34 left')
  })

  it('marks a seat not heard for 5 s or more, and says so in its name', () => {
    const wrapper = mountMap([seat('A-01', 1, 1, heard('running', 1, 4)), seat('A-02', 1, 2, heard('running', 1, 9))])
    const [fresh, quiet] = wrapper.findAll('button.seat')
    expect(fresh?.find('[data-testid="not-heard"]').exists()).toBe(false)
    expect(quiet?.get('[data-testid="not-heard"]').text()).toBe('not heard for 9 s')
    expect(quiet?.text()).toBe('A-02 no candidate running 1 of 35 answered 12:34 left not heard for 9 s')
  })

  it('shows pending and applied commands, the selection as pressed, and emits a toggle on click', async () => {
    const wrapper = mountMap(
      [
        seat('A-01', 1, 1, { ...heard('running', 1), commands: { applied: 0, refused: 0, pending: [1], late: [] } }),
        seat('A-02', 1, 2, { ...heard('paused', 1), commands: { applied: 1, refused: 0, pending: [], late: [] } }),
      ],
      ['A-02'],
    )
    const [pending, applied] = wrapper.findAll('button.seat')
    expect(pending?.get('[data-testid="seat-pending"]').text()).toBe('1 command pending')
    expect(applied?.get('[data-testid="seat-applied"]').text()).toBe('1 command applied')
    expect(pending?.text()).toMatch(/ 1 command pending$/)
    expect(applied?.text()).toMatch(/ 1 command applied$/)
    expect([pending?.attributes('aria-pressed'), applied?.attributes('aria-pressed')]).toEqual(['false', 'true'])
    await pending?.trigger('click')
    expect(wrapper.emitted('toggle')).toEqual([['A-01']])
  })

  it('says how late a seat applied commands, and that its station came back rolled back, in words it is named by', async () => {
    const rolledBack: RoomSeatView['rollbacks'][number] = {
      stationId: 'abcd0123abcd0123',
      sessionId: 's1',
      kind: 'behind',
      seat: 'A-01',
      heldSeq: 12,
      reportedSeq: 9,
      behindBy: 3,
      firstAt: '2026-11-23T01:10:00.000Z',
      lastAt: '2026-11-23T01:10:04.000Z',
    }
    const late = [
      { seq: 1, lateBySeconds: 45 },
      { seq: 2, lateBySeconds: 200 },
    ]
    const seats = [
      seat('A-01', 1, 1, { ...heard('paused', 4), rollbacks: [rolledBack] }),
      seat('A-02', 1, 2, { ...heard('paused', 4), commands: { applied: 2, refused: 0, pending: [], late } }),
      seat('A-03', 1, 3, { ...heard('paused', 4), rollbacks: [{ ...rolledBack, kind: 'no_head', behindBy: null }] }),
    ]
    const wrapper = mountMap(seats)
    const [flagged, tardy, lost] = wrapper.findAll('button.seat')
    expect(flagged?.get('[data-testid="seat-rolled-back"]').text()).toBe('rolled back: 3 events behind the room')
    expect(flagged?.classes()).toContain('seat-rolled-back')
    expect(tardy?.classes()).not.toContain('seat-rolled-back')
    expect(lost?.get('[data-testid="seat-rolled-back"]').text()).toBe('rolled back: this PC no longer has the session')
    // The latest of its late commands, counted and timed, in the seat's name (no aria-label over the words).
    expect(tardy?.text()).toMatch(/ 2 commands applied late \(up to 3 min 20 s after they were sent\)$/)
    expect(tardy?.attributes('aria-label')).toBeUndefined()

    await setLocale('zh-Hant')
    const zh = mount(SeatMap, { props: { seats, selected: [] }, global: { plugins: [i18n] } })
    const [zhFlagged, zhTardy] = zh.findAll('button.seat')
    expect(zhFlagged?.get('[data-testid="seat-rolled-back"]').text()).toBe('紀錄被回退：比考場少 3 項事件')
    expect(zhTardy?.get('[data-testid="seat-late"]').text()).toBe('2 項指令延遲執行（最多在發出後 3 分 20 秒）')
    await setLocale('en')
  })

  it("draws each station's environment check: a failure as a warning, a proctor's override as such", async () => {
    const withEnvironment = (
      environment: 'passed' | 'failed' | 'overridden' | 'not_checked',
    ): Partial<RoomSeatView> => {
      const base = heard('checked_in', 0)
      return { ...base, status: base.status ? { ...base.status, environment } : null }
    }
    const wrapper = mountMap([
      seat('A-01', 1, 1, withEnvironment('failed')),
      seat('A-02', 1, 2, withEnvironment('overridden')),
      seat('A-03', 1, 3, withEnvironment('passed')),
    ])
    const [failed, overridden, passed] = wrapper.findAll('button.seat')
    expect(failed?.get('[data-testid="seat-environment"]').text()).toBe('environment check failed')
    expect(failed?.get('[data-testid="seat-environment"]').classes()).toContain('seat-warning')
    expect(overridden?.get('[data-testid="seat-environment"]').text()).toBe('environment check overridden by a proctor')
    expect(passed?.find('[data-testid="seat-environment"]').exists()).toBe(false)
    await setLocale('zh-Hant')
    const zh = mount(SeatMap, {
      props: { seats: [seat('A-01', 1, 1, withEnvironment('failed'))], selected: [] },
      global: { plugins: [i18n] },
    })
    expect(zh.get('[data-testid="seat-environment"]').text()).toBe('環境檢查未通過')
    await setLocale('en')
  })
})

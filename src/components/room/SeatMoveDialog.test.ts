// @vitest-environment jsdom
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RoomSeatView, RoomStatusView } from '@contract'
import { injectRoomFetch } from '../../api/roomClient'
import { i18n } from '../../i18n'
import { useRoomStore } from '../../stores/room'
import SeatMoveDialog from './SeatMoveDialog.vue'

// The move dialog against a scripted room: it lists the spares the room names, checks what it can before sending,
// sends the PIN with the move, shows the room's refusal in words, and the move in the list once it is signed.
const SPARE = 'aaaabbbbccccdddd'
const seat = (label: string, sessionId: string | null): RoomSeatView => ({
  label,
  row: 1,
  column: 1,
  candidate: { candidateId: 'C-1', name: '陳大文' },
  stationId: sessionId ? '0123456789abcdef' : null,
  status: sessionId
    ? {
        seat: label,
        candidateId: 'C-1',
        sessionId,
        state: 'running',
        answered: 2,
        total: 10,
        remainingMs: 60_000,
        lastSave: 'ok',
        incidents: 0,
        environment: 'passed',
      }
    : null,
  secondsSinceHeard: 1,
  commands: { applied: 0, refused: 0, pending: [], late: [] },
  collected: false,
  rollbacks: [],
})
const moved = {
  moveId: 'move_1',
  seat: 'A-01',
  sessionId: 's1',
  fromStationId: '0123456789abcdef',
  toStationId: SPARE,
  staffId: 'P01',
  reason: 'PC froze',
  at: '2026-11-23T01:10:00.000Z',
  state: 'handing_over' as const,
  takenAt: null,
  refusal: null,
}
const status = (over: Partial<RoomStatusView> = {}): Partial<RoomStatusView> => ({
  seats: [seat('A-01', 's1'), seat('A-02', null)],
  stations: [
    { stationId: SPARE, hostname: 'lab2-pc14', secondsSinceHeard: 3, seat: null } as RoomStatusView['stations'][number],
  ],
  spares: [SPARE],
  moves: [],
  reports: [],
  commands: [],
  pending: [],
  incidents: [],
  ...over,
})

let sent: { method: string; body: Record<string, unknown> }[]
let answers: Record<string, unknown>

beforeEach(() => {
  document.body.innerHTML = '<div id="app"></div>'
  i18n.global.locale.value = 'en'
  setActivePinia(createPinia())
  sent = []
  answers = { 'room.status': { ok: true, value: status() } }
  injectRoomFetch((url, init) => {
    const method = url.split('/').pop() ?? ''
    sent.push({ method, body: JSON.parse(init.body) as Record<string, unknown> })
    return Promise.resolve({ status: 200, json: () => Promise.resolve(answers[method]) })
  })
})

afterEach(() => injectRoomFetch(undefined))

async function opened() {
  const room = useRoomStore()
  room.session = { token: 'T'.repeat(43), staffId: 'P01', name: 'Ms Chan', role: 'proctor', idleMs: 1 }
  await room.refresh()
  const wrapper = mount(SeatMoveDialog, { global: { plugins: [i18n] }, attachTo: '#app' })
  await wrapper.get('[data-testid="open-move"]').trigger('click')
  const dialog = document.querySelector<HTMLElement>('[role="dialog"]')
  if (!dialog) throw new Error('the dialog did not open')
  const set = async (selector: string, value: string) => {
    const field = dialog.querySelector<HTMLInputElement | HTMLSelectElement>(selector)
    if (!field) throw new Error(`no ${selector}`)
    field.value = value
    field.dispatchEvent(new Event(field instanceof HTMLSelectElement ? 'change' : 'input'))
    await flushPromises()
  }
  const confirm = async () => {
    dialog.querySelector<HTMLButtonElement>('button.primary')?.click()
    await flushPromises()
  }
  return { wrapper, dialog, set, confirm }
}

describe('SeatMoveDialog', () => {
  it('offers only seats with a session and the spares the room names, and sends nothing until all is given', async () => {
    const { dialog, confirm } = await opened()
    const seats = [...dialog.querySelectorAll('#room-move-seat option')].map((o) => o.textContent.trim())
    expect(seats).toEqual(['Choose a seat', 'A-01 陳大文'])
    expect(dialog.textContent).toContain(`Station ${SPARE} (lab2-pc14), heard 3 s ago`)
    await confirm()
    expect([...dialog.querySelectorAll('[role="alert"] li')].map((li) => li.textContent)).toEqual([
      'Please choose a seat.',
      'Please choose a spare PC.',
      'Please give a reason.',
      'Please enter your PIN or password.',
    ])
    expect(sent.map((s) => s.method)).not.toContain('room.move')
  })

  it("sends the move with the PIN, shows the room's refusal in words and keeps the dialog open", async () => {
    const { dialog, set, confirm } = await opened()
    await set('#room-move-seat', 'A-01')
    dialog.querySelector<HTMLInputElement>(`input[value="${SPARE}"]`)?.click()
    await set('#room-move-reason', 'PC froze')
    await set('#room-move-pin', '24681357')
    expect(dialog.querySelector('[data-testid="move-what"]')?.textContent.trim()).toBe(
      `Seat A-01 (陳大文) moves to station ${SPARE}. Its old PC can no longer add to the session.`,
    )
    answers['room.move'] = {
      ok: false,
      error: { code: 'MOVE_REFUSED', message: 'busy', details: { refusal: 'SPARE_TAKING_OVER' } },
    }
    await confirm()
    expect(sent.find((s) => s.method === 'room.move')?.body).toEqual({
      token: 'T'.repeat(43),
      seat: 'A-01',
      toStationId: SPARE,
      reason: 'PC froze',
      pin: '24681357',
    })
    expect(dialog.querySelector('[data-testid="move-refused"]')?.textContent.trim()).toBe(
      'That PC is already taking over another seat.',
    )
    expect(dialog.querySelector<HTMLInputElement>('#room-move-pin')?.value).toBe('')
    expect(document.querySelector('[role="dialog"]')).not.toBeNull()
  })

  it('closes on a signed move, says so, and lists the move with its state', async () => {
    const { wrapper, dialog, set, confirm } = await opened()
    await set('#room-move-seat', 'A-01')
    dialog.querySelector<HTMLInputElement>(`input[value="${SPARE}"]`)?.click()
    await set('#room-move-reason', 'PC froze')
    await set('#room-move-pin', '24681357')
    answers['room.move'] = { ok: true, value: moved }
    answers['room.status'] = { ok: true, value: status({ moves: [moved], spares: [] }) }
    await confirm()
    expect(document.querySelector('[role="dialog"]')).toBeNull()
    expect(wrapper.get('[data-testid="move-done"]').text()).toBe(
      `Seat A-01 is moving to station ${SPARE}. The spare takes it over at its next heartbeat.`,
    )
    const line = wrapper.get('[data-testid="room-moves"] li')
    expect(line.attributes('data-state')).toBe('handing_over')
    expect(line.text()).toContain(`Seat A-01: station 0123456789abcdef to ${SPARE}, by P01 at`)
    expect(line.text()).toContain('Reason: PC froze. handing over')
    wrapper.unmount()
  })
})

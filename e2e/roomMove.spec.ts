import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { main } from '../electron/cli/main'
import { parseEventLine } from '../electron/core/base/eventChain'
import { verifyBundle } from '../electron/core/bundle/bundleVerifier'
import { openResultsStore } from '../electron/core/results/openResultsStore'
import type { RoomStatus } from '../electron/core/room/roomTypes'
import { prepareRoomSitting, transcript, waitFor, type Proc } from '../test/testing/roomProcesses'
import { expectAccessible } from './support/adminUi'
import { translator } from './support/locale'
import {
  candidatePage,
  checkInAndStart,
  hostStation,
  ROOM_PROCTOR,
  seatButton,
  sendToAllSeats,
  serveRoom,
  signInToConsole,
  type HostedStation,
} from './support/roomStations'

// A lab PC dies mid-exam and its candidate finishes on a spare, every part its own process: `invigil room serve`,
// the candidate's station and a spare, each `invigil host --room` on its own data directory. The candidate answers
// three questions (each "Saved"), the station is killed (SIGKILL), the proctor moves the seat on the console, and the
// spare's page offers the candidate their exam with every answer; they finish, and the room collects a bundle that
// verifies. The station is killed once the room holds what it acknowledged, as test/roomMove.test.ts explains.
const t = translator('en')
const ANN = { id: 'C-001', name: 'Ann', seat: 'A-01' }
const started: Proc[] = []
let dir: string
let room: Awaited<ReturnType<typeof serveRoom>>
let station: HostedStation
let spare: HostedStation

test.use({ locale: 'en-US', actionTimeout: 60_000 })
test.describe.configure({ timeout: 600_000 })

test.beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'invigil-e2e-room-move-'))
  const sitting = await prepareRoomSitting(dir, started)
  room = await serveRoom(dir, sitting, started)
  station = await hostStation(join(dir, 'pc-1'), sitting, room, started)
  spare = await hostStation(join(dir, 'pc-spare'), sitting, room, started)
})

test.afterAll(async () => {
  for (const p of started) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL')
  await rm(dir, { recursive: true, force: true })
})

async function roomStatus(): Promise<RoomStatus> {
  let out = ''
  await main(['room', 'status', '--data', room.roomDir, '--json'], {
    out: (text) => void (out += text),
    err: () => undefined,
  })
  return JSON.parse(out) as RoomStatus
}

/** The question on screen: its stem ("Statement 7") names the unit (q7), as the ten-unit bank writes them. */
async function unitOnScreen(page: Page): Promise<string> {
  const stem = (await page.getByText(/^Statement \d+$/).textContent()) ?? ''
  return `q${stem.replace('Statement ', '')}`
}

// Disabled, and reported as not passing: it passed in one clean-clone CI run and failed in the next on the same code,
// at the first check-in (the roster button "Ann (C-001)" never appeared within 60 s). Until that is understood the
// move is proven by test/roomMove.test.ts (processes) and electron/core/roomLink/spareTakeover.test.ts.
test.fixme('a station killed mid-exam: the proctor moves its seat to a spare, where the candidate finishes with every saved answer', async ({
  page: console,
  browser,
}) => {
  const procs = [room.proc, station.proc, spare.proc]
  await signInToConsole(console, room.roomUrl)
  const page = await candidatePage(browser, station)
  const sparePage = await candidatePage(browser, spare)
  // The proctor releases the start for the room (a linked station's start waits for it).
  await sendToAllSeats(console, 'release_start', 'everyone is seated')
  await checkInAndStart(page, ANN)

  const saved: { unitId: string; value: boolean }[] = []
  for (let index = 0; index < 3; index++) {
    const value = index % 2 === 0
    saved.push({ unitId: await unitOnScreen(page), value })
    await page.getByRole('radio', { name: t(value ? 'trueFalse.true' : 'trueFalse.false'), exact: true }).check()
    await expect(page.getByRole('status').first()).toHaveText(/(^|\s)Saved$/)
    if (index < 2) await page.getByRole('button', { name: t('exam.next'), exact: true }).click()
  }
  await expect(seatButton(console, ANN, 'running', 3)).toBeVisible({ timeout: 30_000 })
  // The room holds the log up to the head the station last reported, with the three answers in it.
  await waitFor(
    'the room to hold every acknowledged answer',
    async () => {
      const status = await roomStatus()
      const seat = status.seats.find((entry) => entry.label === ANN.seat)?.status
      const held = status.sessions.find((entry) => entry.sessionId === seat?.sessionId)
      return seat?.answered === 3 && held !== undefined && held.heldSeq >= held.reportedSeq
    },
    procs,
  )
  station.proc.child.kill('SIGKILL')
  await station.proc.exited

  await console.getByRole('button', { name: t('room.move.open') }).click()
  const move = console.getByRole('dialog', { name: t('room.move.title') })
  await move.getByLabel(t('room.move.seat')).selectOption(ANN.seat)
  // The dead station had a candidate, so the room offers only the spare.
  await expect(move.getByRole('radio')).toHaveCount(1)
  await move.getByRole('radio').check()
  await move.getByLabel(t('room.move.reason')).fill('PC A-01 froze')
  await move.getByLabel(t('room.move.pin')).fill(ROOM_PROCTOR.pin)
  await move.getByRole('button', { name: t('room.move.send') }).click()
  await expect(move).toBeHidden()
  await expect(console.getByTestId('move-done')).toBeVisible()

  // The spare's welcome screen turns into the candidate's exam, waiting for them.
  const moved = sparePage.getByTestId('moved-here')
  await expect(moved).toBeVisible({ timeout: 60_000 })
  await expect(moved.getByRole('heading', { name: t('instructions.moved.title') })).toBeVisible()
  await expect(moved).toContainText(t('instructions.moved.seat', { seat: ANN.seat }))
  await expect(moved).toContainText(t('instructions.moved.kept', { answered: 3, total: 10 }))
  await expect(sparePage.getByText(t('instructions.candidate', { name: ANN.name, id: ANN.id }))).toBeVisible()
  await expectAccessible(sparePage, 'the spare offering a moved exam')
  await sparePage.getByLabel(t('instructions.acknowledge')).check()
  await sparePage.getByRole('button', { name: t('instructions.continue') }).click()

  // The spare opens at the question saved last; every answer saved on the dead station is on its screen, question
  // by question, back to the first.
  for (let index = saved.length - 1; index >= 0; index -= 1) {
    const answer = saved[index]
    if (!answer) throw new Error(`no saved answer ${String(index)}`)
    await expect(sparePage.getByRole('heading', { name: `Question ${String(index + 1)} of 10` })).toBeVisible()
    expect(await unitOnScreen(sparePage)).toBe(answer.unitId)
    const label = t(answer.value ? 'trueFalse.true' : 'trueFalse.false')
    await expect(sparePage.getByRole('radio', { name: label, exact: true })).toBeChecked()
    if (index > 0) await sparePage.getByRole('button', { name: t('exam.previous'), exact: true }).click()
  }
  const next = sparePage.getByRole('button', { name: t('exam.next'), exact: true })
  for (const [index, answer] of saved.entries()) {
    await expect(sparePage.getByRole('heading', { name: `Question ${String(index + 1)} of 10` })).toBeVisible()
    expect(await unitOnScreen(sparePage)).toBe(answer.unitId)
    await next.click()
  }
  await expect(sparePage.getByRole('heading', { name: `Question ${String(saved.length + 1)} of 10` })).toBeVisible()
  const fourth = { unitId: await unitOnScreen(sparePage), value: true }
  await sparePage.getByRole('radio', { name: t('trueFalse.true'), exact: true }).check()
  await expect(sparePage.getByRole('status').first()).toHaveText(/(^|\s)Saved$/)
  await sparePage.getByRole('button', { name: t('exam.review') }).click()
  await sparePage.getByRole('button', { name: t('review.submit') }).click()
  await sparePage
    .getByRole('dialog')
    .getByRole('button', { name: t('submit.confirm') })
    .click()
  await expect(sparePage.getByText(t('submitted.summary', { answered: 4, total: 10 }))).toBeVisible()

  await expect(console.getByTestId('room-collected')).toHaveText(t('room.collected', { collected: 1, expected: 3 }), {
    timeout: 60_000,
  })
  await expect(seatButton(console, ANN, 'submitted', 4)).toBeVisible({ timeout: 30_000 })

  // The bundle the room collected verifies, and holds the move and every answer as it was saved.
  const results = await openResultsStore(join(room.roomDir, 'results.db'))
  try {
    const [stored] = await results.listResults()
    const verified = await verifyBundle((await results.readBundle(stored?.bundleSha256 ?? '')) ?? Buffer.alloc(0))
    if (!verified.ok) throw new Error(`${verified.code}: ${verified.reason}\n${transcript(procs)}`)
    const types = verified.eventLines.map((line) => parseEventLine(line).type)
    expect(types).toEqual(expect.arrayContaining(['session_moved', 'submitted']))
    const responses = Object.fromEntries(verified.manifest.responses.map((r) => [r.item, [r.value, r.revision]]))
    for (const answer of [...saved, fourth]) expect(responses[answer.unitId], answer.unitId).toEqual([answer.value, 1])
    expect(verified.manifest.candidate).toMatchObject({ id: ANN.id, name: ANN.name })
  } finally {
    await results.close()
  }
})

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { expect, test } from '@playwright/test'
import type { HeartbeatReply, SeatStatus } from '../electron/core/protocol/roomMessages'
import { createRoomConsole } from '../electron/core/room/roomConsole'
import { RoomService } from '../electron/core/room/roomService'
import { openRoomStore } from '../electron/core/room/roomStore'
import { roomKit, SimStation } from '../electron/core/room/testing/roomKit'
import { PROCTOR_PIN } from '../electron/core/sitting/testing/sittingKit'
import { createRoomConsoleRoutes } from '../electron/room/roomConsoleRoutes'
import { startRoomServer } from '../electron/room/roomServer'
import { expectAccessible } from './support/adminUi'
import { translator } from './support/locale'
import { watchPageProblems } from './support/pageProblems'

// The proctor's Room console end to end: a room server in this process with a sitting of three seats, stations
// simulated by signed heartbeats, and the built renderer opened at /#room in Chromium.
const t = translator('en')
const THREE_SEATS = 'seats:\n  - row: 1\n    labels: [A-01, ~, A-03]\n  - row: 2\n    labels: [B-01]\n'
const arrival = { loopback: true }

test.use({ locale: 'en-US' })

const status = (seat: string, state: SeatStatus['state'], answered: number): SeatStatus => ({
  seat,
  candidateId: null,
  sessionId: state === 'idle' ? null : `session-${seat}`,
  state,
  answered,
  total: 10,
  remainingMs: state === 'idle' ? null : 1_500_000,
  lastSave: 'ok',
  incidents: 0,
  environment: 'passed',
})

test('a proctor signs in, sees three seats, pauses all and sees the command pending, then applied', async ({
  page,
}) => {
  const problems = watchPageProblems(page)
  const kit = await roomKit({ seatsYaml: THREE_SEATS })
  const dir = mkdtempSync(join(tmpdir(), 'invigil-e2e-room-'))
  const store = openRoomStore(join(dir, 'room.db'))
  const { sitting, clock } = kit
  const service = new RoomService({ store, sitting, roomPrivateKey: kit.roomKey.privateKey, clock, demo: true })
  const running = await startRoomServer({
    service,
    collect: () => Promise.reject(new Error('no bundles in this test')),
    host: '127.0.0.1',
    port: 0,
    console: createRoomConsoleRoutes({
      dispatch: createRoomConsole({ service, sitting, clock }),
      rendererDir: resolve(import.meta.dirname, '../out/renderer'),
    }),
  })
  try {
    const seats = [status('A-01', 'running', 4), status('A-03', 'paused', 7), status('B-01', 'idle', 0)]
    const stations = seats.map(() => new SimStation(sitting.payload.id, clock))
    const beat = (index: number, over: Parameters<SimStation['heartbeat']>[1] = {}): HeartbeatReply => {
      const station = stations[index]
      const seat = seats[index]
      if (!station || !seat) throw new Error(`no station ${String(index)}`)
      const outcome = service.heartbeat(station.heartbeat(seat.seat, { status: seat, ...over }), arrival)
      if (!outcome.ok) throw new Error(outcome.message)
      return outcome.reply
    }
    stations.forEach((station, index) => {
      service.join(station.join(), arrival)
      beat(index)
    })

    await page.goto(`${running.url}/#room`)
    await page.getByLabel(t('room.signIn.staffId')).fill('P01')
    await page.getByLabel(t('room.signIn.pin')).fill(PROCTOR_PIN)
    await page.getByLabel(t('room.signIn.pin')).press('Enter')

    // The seat's name begins with these; the time left and the commands follow.
    const seat = (name: string) => page.getByRole('button', { name })
    await expect(seat('A-01 陳大文 running 4 of 10 answered')).toBeVisible()
    await expect(seat('A-03 Ann Lee paused 7 of 10 answered')).toBeVisible()
    await expect(seat('B-01 Bo idle 0 of 10 answered')).toBeVisible()
    // The seats count questions as the candidate and the station's proctor do, and say so.
    await expect(page.getByTestId('seat-count-help')).toHaveText(t('room.seats.countHelp'))
    await expect(page.getByTestId('room-collected')).toHaveText(t('room.collected', { collected: 0, expected: 3 }))
    await expectAccessible(page, 'the room console')

    await page.getByRole('button', { name: t('room.actions.pause'), exact: true }).click()
    const dialog = page.getByRole('dialog', { name: t('room.actions.titles.pause') })
    await expect(dialog.getByTestId('command-what')).toHaveText(
      t('room.actions.what.pause', { target: t('room.actions.everySeat') }),
    )
    await expectAccessible(page, 'the pause confirmation')
    await dialog.getByRole('button', { name: t('room.actions.send') }).click()
    await expect(dialog.getByRole('alert')).toHaveText(t('room.actions.reasonRequired'))
    await dialog.getByLabel(t('room.actions.reason')).fill('fire alarm')
    await dialog.getByRole('button', { name: t('room.actions.send') }).click()
    await expect(dialog).toBeHidden()

    const sent = page.getByTestId('room-commands').locator('[data-seq="1"]')
    await expect(sent).toContainText(t('room.commands.pendingOn', { seats: 'A-01, A-03, B-01' }))
    await expect(page.getByTestId('seat-pending')).toHaveCount(3)

    // Each station fetches the signed command on its next heartbeat and acknowledges it on the one after.
    stations.forEach((_, index) => {
      const [command] = beat(index).commands
      if (!command) throw new Error('the pause did not reach the station')
      const { cmdId, seq } = command.command
      beat(index, { lastCommandSeq: seq, acks: [{ cmdId, seq, outcome: 'applied', at: new Date().toISOString() }] })
    })
    await expect(sent).toContainText(t('room.commands.appliedEverywhere'))
    await expect(page.getByTestId('seat-applied')).toHaveCount(3)
    await expect(sent).toContainText('P01')
    await expectAccessible(page, 'the room console after the pause')

    // A spare on standby (joined with a handover key, no seat) is offered for a seat with a session.
    const spare = new SimStation(sitting.payload.id, clock)
    service.join(
      spare.envelope('join', { hostname: 'lab-spare', appVersion: '0.1.0', handoverKey: 'K'.repeat(43) }),
      arrival,
    )
    await page.getByRole('button', { name: t('room.move.open') }).click()
    const move = page.getByRole('dialog', { name: t('room.move.title') })
    await expect(move.getByLabel(t('room.move.seat')).locator('option')).toHaveText([
      t('room.move.chooseSeat'),
      'A-01 陳大文',
      'A-03 Ann Lee',
    ])
    await expect(move.getByRole('radio')).toHaveCount(1)
    await expectAccessible(page, 'the move dialog')
    await move.getByLabel(t('room.move.seat')).selectOption('A-01')
    await move.getByRole('radio').check()
    await move.getByLabel(t('room.move.reason')).fill('PC froze')
    await move.getByLabel(t('room.move.pin')).fill(PROCTOR_PIN)
    await move.getByRole('button', { name: t('room.move.send') }).click()
    // These simulated stations ship no signed log, so the room refuses, in words, and moves nothing.
    await expect(move.getByTestId('move-refused')).toHaveText(t('room.move.refusals.NO_REPLICA'))
    await move.getByRole('button', { name: t('room.move.cancel') }).click()
    await expect(move).toBeHidden()

    await page.getByRole('button', { name: t('room.report.open') }).click()
    const report = page.getByRole('dialog', { name: t('room.report.title') })
    await report.getByLabel(t('room.report.seat')).selectOption('A-03')
    await report.getByLabel(t('room.report.text')).fill('Candidate asked for paper.')
    await report.getByRole('button', { name: t('room.report.send') }).click()
    await expect(report).toBeHidden()
    await expect(page.getByTestId('room-reports')).toContainText('Candidate asked for paper.')
    expect(service.status().reports).toMatchObject([{ seat: 'A-03', staffId: 'P01' }])
    // Checked while the room server still runs: its closing is not the console's fault.
    expect(problems, 'console errors, warnings and failed loads').toEqual([])
  } finally {
    await running.close()
    store.close()
    rmSync(dir, { recursive: true, force: true })
  }
})

import { copyFile, mkdir, readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { expect, type Browser, type Page } from '@playwright/test'
import { startBrowserHost } from '../../electron/host/browserHost'
import { invigil, ROOM_SECRETS, waitFor, type Proc, type RoomSitting } from '../../test/testing/roomProcesses'
import { api } from './adminStation'
import { closeProctorPanel, proctorPanel } from './adminUi'
import { translator } from './locale'

/**
 * A room as real processes for the Chromium suites: `invigil room serve` on the proctor's PC and lab PCs, each
 * `invigil host --room` on its own data directory with the sitting installed as an admin would, and the pages the
 * proctor and the candidates use.
 */
const t = translator('en')
/** Named in the sitting (test/testing/roomProcesses.ts). */
export const ROOM_PROCTOR = { id: 'P01', pin: '24681357' }
/** Each station's own proctor PIN, set at its setup. */
export const STATION_PIN = '135790'
const ADMIN_PASSWORD = 'room day admin password'
const renderer = resolve(import.meta.dirname, '../../out/renderer')

export interface RoomCandidate {
  id: string
  name: string
  seat: string
}

export interface HostedStation {
  dir: string
  url: string
  proc: Proc
}

const urlIn = (proc: Proc): string | undefined => /^(http:\/\/127\.0\.0\.1:\d+)\/?$/m.exec(proc.out())?.[1]

/** A lab PC set up as an admin would: trusts the authority, has its own staff secrets, installs the sitting file. */
async function setUpStation(stationDir: string, sitting: RoomSitting): Promise<void> {
  const host = await startBrowserHost({
    dataDir: stationDir,
    port: 0,
    passphrase: ROOM_SECRETS.INVIGIL_STATION_PASSPHRASE,
    rendererDir: renderer,
  })
  try {
    await api(host, 'admin.setup', {
      adminPassword: ADMIN_PASSWORD,
      proctorPin: STATION_PIN,
      authorityPublicKeyPem: await readFile(sitting.authorityFile, 'utf8'),
    })
    const { token } = await api(host, 'admin.login', { password: ADMIN_PASSWORD })
    await api(host, 'admin.installSitting', { token, sittingText: await readFile(sitting.sittingFile, 'utf8') })
  } finally {
    await host.close()
  }
}

/** `invigil room serve` in `dir`/room with the sitting's room key; resolves once it printed its URL. */
export async function serveRoom(
  dir: string,
  sitting: RoomSitting,
  started: Proc[],
): Promise<{ roomDir: string; roomUrl: string; proc: Proc }> {
  const roomDir = join(dir, 'room')
  await mkdir(roomDir)
  for (const f of ['room-key.json', 'room-public.pem']) await copyFile(join(sitting.keyDir, f), join(roomDir, f))
  const proc = invigil(
    [
      'room',
      'serve',
      '--data',
      roomDir,
      '--sitting',
      sitting.sittingFile,
      '--authority',
      sitting.authorityFile,
      '--port',
      '0',
    ],
    started,
  )
  await waitFor('the room URL', () => Promise.resolve(urlIn(proc) !== undefined), [proc])
  return { roomDir, roomUrl: urlIn(proc) ?? '', proc }
}

/** A lab PC: set up, then `invigil host --room` as its own process; resolves once it printed its URL. */
export async function hostStation(
  stationDir: string,
  sitting: RoomSitting,
  room: { roomUrl: string; proc: Proc },
  started: Proc[],
): Promise<HostedStation> {
  await setUpStation(stationDir, sitting)
  const proc = invigil(['host', '--data', stationDir, '--port', '0', '--room', room.roomUrl], started)
  await waitFor('the station URL', () => Promise.resolve(urlIn(proc) !== undefined), [proc, room.proc])
  return { dir: stationDir, url: urlIn(proc) ?? '', proc }
}

/** The proctor signs in to the room console by name and PIN. */
export async function signInToConsole(console: Page, roomUrl: string): Promise<void> {
  await console.goto(`${roomUrl}/#room`)
  await console.getByLabel(t('room.signIn.staffId')).fill(ROOM_PROCTOR.id)
  await console.getByLabel(t('room.signIn.pin')).fill(ROOM_PROCTOR.pin)
  await console.getByLabel(t('room.signIn.pin')).press('Enter')
}

/**
 * A station's page in its own browser context; the station opens in its exam's language and the candidate picks
 * English. `beforeLoad` sees the page before its first request (to watch its console).
 */
export async function candidatePage(
  browser: Browser,
  station: HostedStation,
  beforeLoad: (page: Page) => void = () => undefined,
): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1366, height: 768 } })
  const page = await context.newPage()
  beforeLoad(page)
  await page.goto(station.url)
  await page.getByRole('combobox', { name: '語言' }).selectOption('en')
  return page
}

/** The station's proctor checks the seat's candidate in; the candidate accepts the rules. */
export async function checkInAtSeat(page: Page, candidate: RoomCandidate): Promise<void> {
  await page.getByRole('button', { name: 'Proctor panel' }).click()
  const panel = proctorPanel(page)
  await panel.getByLabel('Proctor PIN').fill(STATION_PIN)
  await panel.getByRole('button', { name: 'Unlock' }).click()
  await panel.getByLabel('Candidate ID').fill(candidate.id)
  await panel.getByRole('button', { name: `${candidate.name} (${candidate.id})` }).click()
  await panel.getByRole('button', { name: 'Start the session' }).click()
  await closeProctorPanel(page)
  await page.getByLabel('I have read the rules and I accept them.').check()
}

/** The candidate starts, once the room released the start (Start is disabled until then). */
export async function startOnceReleased(page: Page): Promise<void> {
  await expect(page.getByTestId('waiting-for-release')).toBeHidden({ timeout: 30_000 })
  await page.getByRole('button', { name: 'Start the exam' }).click()
  await expect(page.getByRole('heading', { name: /Question 1 of/ })).toBeVisible()
}

/** Check-in and start on a station whose room has already released the start. */
export async function checkInAndStart(page: Page, candidate: RoomCandidate): Promise<void> {
  await checkInAtSeat(page, candidate)
  await startOnceReleased(page)
}

/** The proctor sends a room-wide command from the console and it is signed (the dialog closes). */
export async function sendToAllSeats(
  console: Page,
  action: 'release_start' | 'pause' | 'resume' | 'extend' | 'announce',
  reason: string,
  text?: string,
): Promise<void> {
  await console.getByRole('button', { name: t(`room.actions.${action}`), exact: true }).click()
  const dialog = console.getByRole('dialog', { name: t(`room.actions.titles.${action}`) })
  if (action === 'extend') await dialog.getByLabel(t('room.actions.minutes')).fill(text ?? '10')
  if (action === 'announce') await dialog.getByLabel(t('room.actions.message')).fill(text ?? '')
  await dialog.getByLabel(t('room.actions.reason')).fill(reason)
  await dialog.getByRole('button', { name: t('room.actions.send') }).click()
  await expect(dialog).toBeHidden()
}

/** The seat on the console's map, by the words it shows (its name begins with seat, candidate, state, answered). */
export const seatButton = (console: Page, candidate: RoomCandidate, state: string, answered: number, total = 10) =>
  console.getByRole('button', {
    name: [
      candidate.seat,
      candidate.name,
      t(`room.states.${state}`),
      t('room.seats.answered', { answered, total }),
    ].join(' '),
  })

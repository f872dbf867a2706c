/**
 * Question navigation in a 1000-item exam, in Chromium: the real browser host serves the built renderer and a
 * generated bank; a candidate presses Next (mouse) and Alt+N (keyboard) in turn, one move at a time, and the page
 * measures each move.
 *
 * A sample (`nav_*_ms`) is the main-thread work of one move: from when the page starts handling the input until the
 * new question is in the DOM with style and layout done (a MutationObserver sees it and forces layout), plus the
 * rendering work of the frame that shows it (its requestAnimationFrame callback until a message posted there runs,
 * after that frame's paint). Left out, and reported apart: the wait before the page got to the input
 * (`nav_with_input_delay_p95_ms` adds it) and the idle wait for the next vsync (`nav_to_frame_p95_ms` adds both).
 * `nav_frame_ratio` is p95 over one 60 Hz frame: below 1, a move fits in a frame.
 *
 *   npx tsx bench/navigationBench.ts [--samples 400] [--warmup 40]
 *
 * Needs the built renderer (`npx electron-vite build`) and Debian's Chromium.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { chromium } from '@playwright/test'
import type { Page } from '@playwright/test'
import { startBrowserHost } from '../electron/host/browserHost'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/support/chromium'
import { translator } from '../e2e/support/locale'
import { percentile, round, type Figures } from './stats'

export const FRAME_MS = 1000 / 60
const ITEM_COUNT = 1000
const SECTION_COUNT = 4

export interface NavigationBenchOptions {
  /** Measured moves, after the warm-up ones; half by mouse, half by keyboard. */
  samples: number
  warmup: number
  /** A scratch directory for the station and the bank. */
  dir: string
}

const LETTERS = ['A', 'B', 'C', 'D']
const OPTION_TEXT = [
  '先聆聽客戶的描述並確認問題的範圍',
  '直接重新啟動系統後觀察結果',
  '記錄工單並說明預計的回覆時間',
  '請客戶自行查閱線上說明文件',
]

/**
 * A valid zh-Hant bank of 1000 items in four sections, every type in turn (single, multiple, true/false, short
 * answer, and a two-part scenario every fifth item), with stems long enough to wrap. Stems carry the item id, so
 * each question is told apart by its text.
 */
export function navigationBank(): object {
  const perSection = ITEM_COUNT / SECTION_COUNT
  const options = Object.fromEntries(LETTERS.map((letter, index) => [letter, OPTION_TEXT[index] ?? letter]))
  const item = (n: number): object => {
    const id = `q${String(n)}`
    const stem = `第 ${String(n)} 題（${id}）：某企業客戶來電反映系統登入後畫面停止回應，已持續約二十分鐘，客戶表示正在處理緊急訂單。請依題意作答。`
    switch (n % 5) {
      case 1:
        return { id, type: 'single', stem, points: 2, options, key: 'A' }
      case 2:
        return { id, type: 'multiple', stem, points: 3, options, key: ['A', 'C'] }
      case 3:
        return { id, type: 'true_false', stem, points: 1, key: n % 2 === 0 }
      case 4:
        return { id, type: 'short_answer', stem, points: 4 }
      default:
        return {
          id,
          type: 'scenario',
          stem,
          points: 6,
          parts: [
            { id: `${id}.1`, type: 'single', stem: '客服人員應首先採取哪一項行動？', points: 2, options, key: 'A' },
            { id: `${id}.2`, type: 'short_answer', stem: '請說明後續的跟進措施。', points: 4 },
          ],
        }
    }
  }
  return {
    format: 'invigil-bank/1',
    id: 'navigation-bench-1000',
    title: '導覽效能測試（1000 題）',
    language: 'zh-Hant',
    duration_minutes: 180,
    sections: Array.from({ length: SECTION_COUNT }, (_, s) => ({
      id: `part-${String(s + 1)}`,
      title: `第${'一二三四'[s] ?? String(s + 1)}部分`,
      items: Array.from({ length: perSection }, (_item, i) => item(s * perSection + i + 1)),
    })),
  }
}

/**
 * Runs in the page (a string, so this Node-side file needs no DOM types): records one sample per question change.
 * `input` is the input event's timestamp, `start` when the page began handling it (a capture listener on window
 * runs first), `laidOut` when the new question was in the DOM with style and layout done, and the showing frame is
 * timed from its requestAnimationFrame callback to a message posted there (which runs after that frame's paint).
 */
const RECORDER = `(() => {
  const state = { samples: [], pending: null }
  window.__navigationBench = state
  const shown = () => document.getElementById('question-stem')?.textContent ?? ''
  const begin = (event) => { state.pending = { input: event.timeStamp, start: performance.now(), from: shown() } }
  window.addEventListener('click', begin, true)
  window.addEventListener('keydown', begin, true)
  new MutationObserver(() => {
    const pending = state.pending
    if (!pending || shown() === pending.from) return
    state.pending = null
    document.body.getBoundingClientRect()
    const laidOut = performance.now()
    requestAnimationFrame(() => {
      const frameStart = performance.now()
      const channel = new MessageChannel()
      channel.port1.onmessage = () => {
        const frame = performance.now() - frameStart
        state.samples.push({
          work: laidOut - pending.start + frame,
          withInputDelay: laidOut - pending.input + frame,
          dom: laidOut - pending.start,
          toFrame: frameStart + frame - pending.input,
        })
      }
      channel.port2.postMessage(null)
    })
  }).observe(document.getElementById('main'), { subtree: true, childList: true, characterData: true })
})()`

/**
 * The floor under a frame on this page, machine and browser: the same frame timing around the smallest change (a
 * few characters in a small box), 30 ms apart, so a move's frame can be read against what any frame costs here.
 */
const BASELINE_FRAMES = `(async () => {
  const box = document.createElement('div')
  box.setAttribute('aria-hidden', 'true')
  box.style.cssText = 'position:fixed;left:0;bottom:0;font-size:12px;background:#fff'
  document.body.append(box)
  const frames = []
  for (let i = 0; i < 150; i++) {
    box.textContent = String(i)
    frames.push(await new Promise((done) => requestAnimationFrame(() => {
      const start = performance.now()
      const channel = new MessageChannel()
      channel.port1.onmessage = () => done(performance.now() - start)
      channel.port2.postMessage(null)
    })))
    await new Promise((done) => setTimeout(done, 30))
  }
  box.remove()
  return frames
})()`

/** Milliseconds, see RECORDER. */
interface NavigationSample {
  /** Handling the input until the new question is laid out, plus the rendering work of the frame that shows it. */
  work: number
  /** The same from the input event's timestamp: adds the wait before the page got to the input. */
  withInputDelay: number
  /** Handling the input until the new question is laid out (no frame). */
  dom: number
  /** From the input event to the end of the showing frame, the wait for vsync included. */
  toFrame: number
}

/** What RECORDER leaves on the page's global object. */
interface RecorderGlobal {
  __navigationBench: { samples: NavigationSample[] }
}

/** Checks a candidate in through the API (as the page would) and opens the exam at its first question. */
async function startExam(page: Page, url: string): Promise<void> {
  await page.goto(url)
  for (const [method, input] of [
    ['session.checkIn', { candidateId: 'BENCH-1', name: '效能測試' }],
    ['session.acknowledgeRules', {}],
  ] as const) {
    const result = await page.evaluate(
      async ([name, body]) => {
        const response = await fetch(`/api/${name}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        })
        return (await response.json()) as { ok: boolean }
      },
      [method, input] as const,
    )
    if (!result.ok) throw new Error(`${method} failed: ${JSON.stringify(result)}`)
  }
  await page.reload()
  await page.locator('#question-stem').waitFor()
}

export async function runNavigationBench(options: NavigationBenchOptions): Promise<Figures> {
  const total = options.warmup + options.samples
  if (total >= ITEM_COUNT) throw new RangeError(`at most ${String(ITEM_COUNT - 1)} moves fit in the bank`)
  mkdirSync(options.dir, { recursive: true })
  const bankFile = join(options.dir, 'navigation-bank.json')
  writeFileSync(bankFile, JSON.stringify(navigationBank()))
  const host = await startBrowserHost({
    dataDir: join(options.dir, 'navigation-station'),
    port: 0,
    passphrase: 'navigation bench station',
    rendererDir: resolve(import.meta.dirname, '../out/renderer'),
    bank: bankFile,
    clock: 'manual',
  })
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    await startExam(page, host.url)
    await page.evaluate(RECORDER)
    const next = page.getByRole('button', { name: translator('zh-Hant')('exam.next'), exact: true })
    for (let move = 0; move < total; move++) {
      if (move % 2 === 0) await next.click()
      else await page.keyboard.press('Alt+N')
      // Polled on a timer, not in animation frames, so the poll adds nothing to the frames being measured.
      await page.waitForFunction(
        (count) => (globalThis as unknown as RecorderGlobal).__navigationBench.samples.length >= count,
        move + 1,
        { polling: 10 },
      )
    }
    if (errors.length > 0) throw new Error(`the page failed: ${errors.join('; ')}`)
    const all = await page.evaluate(() => (globalThis as unknown as RecorderGlobal).__navigationBench.samples)
    const baselineFrames = await page.evaluate<number[]>(BASELINE_FRAMES)
    const measured = all.slice(options.warmup)
    const p = (pick: (sample: NavigationSample) => number, at: number, of = measured): number =>
      percentile(of.map(pick), at)
    const work = (sample: NavigationSample): number => sample.work
    // Moves alternate mouse (even) and keyboard (odd), counted from the first move.
    const byMouse = measured.filter((_, index) => (index + options.warmup) % 2 === 0)
    const byKeyboard = measured.filter((_, index) => (index + options.warmup) % 2 === 1)
    const navigatorButtons = await page.locator('nav [data-item-id]').count()
    console.log(
      `# navigation: ${String(measured.length)} moves in a ${String(navigatorButtons)}-question exam, p95 ${p(work, 95).toFixed(2)} ms of a ${FRAME_MS.toFixed(1)} ms frame`,
    )
    return [
      ['nav_items', navigatorButtons],
      // Other work on the machine shows up in every timing: the 1-minute load average when the moves ended.
      ['nav_load_1m', round(loadavg()[0] ?? 0, 2)],
      ['nav_samples', measured.length],
      ['nav_p50_ms', round(p(work, 50), 2)],
      ['nav_p95_ms', round(p(work, 95), 2)],
      ['nav_max_ms', round(p(work, 100), 2)],
      ['nav_frame_ratio', round(p(work, 95) / FRAME_MS)],
      ['nav_mouse_p95_ms', round(p(work, 95, byMouse), 2)],
      ['nav_keyboard_p95_ms', round(p(work, 95, byKeyboard), 2)],
      [
        'nav_dom_p95_ms',
        round(
          p((sample) => sample.dom, 95),
          2,
        ),
      ],
      [
        'nav_with_input_delay_p95_ms',
        round(
          p((sample) => sample.withInputDelay, 95),
          2,
        ),
      ],
      [
        'nav_to_frame_p95_ms',
        round(
          p((sample) => sample.toFrame, 95),
          2,
        ),
      ],
      ['nav_baseline_frame_p95_ms', round(percentile(baselineFrames, 95), 2)],
    ]
  } finally {
    await browser.close()
    await host.close()
  }
}

// Run alone: npx tsx bench/navigationBench.ts [--samples n] [--warmup n]
if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const { values } = parseArgs({
    options: { samples: { type: 'string', default: '400' }, warmup: { type: 'string', default: '40' } },
  })
  const dir = mkdtempSync(join(process.env.INVIGIL_BENCH_DIR ?? tmpdir(), 'invigil-navigation-bench-'))
  try {
    const figures = await runNavigationBench({ dir, samples: Number(values.samples), warmup: Number(values.warmup) })
    console.log('\n# summary')
    for (const [name, value] of figures) console.log(`${name}=${String(value)}`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

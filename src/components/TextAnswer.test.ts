// @vitest-environment jsdom
import { mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { setUpTestApp } from '../testing/testApp'
import TextAnswer from './TextAnswer.vue'

let wrapper: VueWrapper
let field: HTMLTextAreaElement
let committed: string[]

function mountAnswer(initial = ''): void {
  const { plugins } = setUpTestApp()
  committed = []
  const onCommit = (text: string): number => committed.push(text)
  wrapper = mount(TextAnswer, {
    props: { unitId: 'short-1', initial, describedBy: 'question-stem', onCommit },
    global: { plugins },
    attachTo: document.body,
  })
  field = wrapper.find('textarea').element
}

/** What the browser does when a key changes the field: the value first, then an input event. */
function type(value: string, isComposing = false): void {
  field.value = value
  field.dispatchEvent(
    new InputEvent('input', {
      bubbles: true,
      isComposing,
      inputType: isComposing ? 'insertCompositionText' : 'insertText',
    }),
  )
}

const compose = (kind: 'compositionstart' | 'compositionend', data = ''): boolean =>
  field.dispatchEvent(new CompositionEvent(kind, { bubbles: true, data }))

const commits = (): string[] => committed

beforeEach(() => vi.useFakeTimers())
afterEach(() => {
  wrapper.unmount()
  vi.useRealTimers()
})

describe('TextAnswer with an input method (IME)', () => {
  it('saves nothing while composing and exactly the final text once composition ends', async () => {
    mountAnswer()
    compose('compositionstart')
    for (const pinyin of ['n', 'ni', 'ni h', 'ni ha', 'ni hao']) type(pinyin, true)
    await vi.advanceTimersByTimeAsync(5_000)
    expect(commits()).toEqual([])

    type('你好', true)
    compose('compositionend', '你好')
    expect(commits()).toEqual(['你好'])

    // Some engines send one more input after compositionend; it must not save the same text again.
    type('你好')
    await vi.advanceTimersByTimeAsync(5_000)
    expect(commits()).toEqual(['你好'])
    expect(field.value).toBe('你好')
  })

  it('saves the text typed before composition first, then the composed text, with nothing doubled', async () => {
    mountAnswer('答案：')
    expect(field.value).toBe('答案：')
    type('答案：OK ')
    compose('compositionstart')
    expect(commits()).toEqual(['答案：OK '])

    type('答案：OK ce', true)
    type('答案：OK ce shi', true)
    type('答案：OK 測試', true)
    compose('compositionend', '測試')
    await vi.advanceTimersByTimeAsync(1_000)

    expect(commits()).toEqual(['答案：OK ', '答案：OK 測試'])
    expect(field.value).toBe('答案：OK 測試')
  })

  it('does not save on a blur in the middle of a composition, only when it ends', async () => {
    mountAnswer()
    compose('compositionstart')
    type('zhong', true)
    field.dispatchEvent(new FocusEvent('blur'))
    expect(commits()).toEqual([])
    type('中', true)
    compose('compositionend', '中')
    expect(commits()).toEqual(['中'])
  })

  it('without an IME, saves once after a pause in typing, and on blur', async () => {
    mountAnswer()
    type('a')
    type('ab')
    type('abc')
    await vi.advanceTimersByTimeAsync(599)
    expect(commits()).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(commits()).toEqual(['abc'])

    type('abcd')
    field.dispatchEvent(new FocusEvent('blur'))
    expect(commits()).toEqual(['abc', 'abcd'])
    await vi.advanceTimersByTimeAsync(1_000)
    expect(commits()).toEqual(['abc', 'abcd'])
  })

  it('saves what is typed when the field goes away (moving to another question)', () => {
    mountAnswer()
    type('last words')
    wrapper.unmount()
    expect(commits()).toEqual(['last words'])
    mountAnswer()
  })

  it('counts characters, not UTF-16 units', async () => {
    mountAnswer()
    type('𠮷野家')
    await wrapper.vm.$nextTick()
    expect(wrapper.text()).toContain('3 characters')
  })
})

// @vitest-environment jsdom
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import RichText from './RichText.vue'

const ASSET = `/exam-assets/${'a'.repeat(64)}`

describe('RichText', () => {
  it('shows a plain bank text as text: Markdown and markup stay as written', () => {
    const wrapper = mount(RichText, { props: { text: '**not bold** <b>x</b>' }, attrs: { id: 'question-stem' } })
    expect(wrapper.element.tagName).toBe('P')
    expect(wrapper.attributes('id')).toBe('question-stem')
    expect(wrapper.text()).toBe('**not bold** <b>x</b>')
    expect(wrapper.find('b').exists()).toBe(false)
  })

  it('shows core-rendered HTML in a block, or inline for an option', () => {
    const block = mount(RichText, { props: { text: 'x', html: '<table><tr><td>1</td></tr></table>' } })
    expect(block.element.tagName).toBe('DIV')
    expect(block.find('td').text()).toBe('1')
    const inline = mount(RichText, { props: { text: 'x', html: '<code>12</code>', inline: true } })
    expect(inline.element.tagName).toBe('SPAN')
    expect(inline.find('code').text()).toBe('12')
  })

  it('keeps MathML and served images', () => {
    const html = `<span class="katex"><math display="block"><mi>x</mi></math></span><img class="rich-image" src="${ASSET}" alt="net">`
    const wrapper = mount(RichText, { props: { text: 'x', html } })
    expect(wrapper.find('math mi').text()).toBe('x')
    expect(wrapper.find('math').attributes('display')).toBe('block')
    expect(wrapper.find('img').attributes()).toMatchObject({ src: ASSET, alt: 'net' })
  })

  // Should the core ever let markup through, the renderer still strips it.
  it.each([
    ['a script', '<script>window.pwned = 1</script>ok', 'script'],
    ['an event handler', '<img src="x" onerror="window.pwned = 1">', '[onerror]'],
    ['a live link', '<a href="javascript:alert(1)">go</a>', 'a'],
    ['an external image', '<img src="https://evil.example/x.png" alt="x">', 'img[src]'],
    ['a style attribute', '<span style="background:url(https://evil.example)">x</span>', '[style]'],
    ['an SVG', '<svg><script>alert(1)</script></svg>', 'svg'],
    ['a form', '<form action="https://evil.example"><input name="q"></form>', 'form, input'],
  ])('strips %s from rendered HTML', (_name, html, selector) => {
    const wrapper = mount(RichText, { props: { text: 'x', html } })
    expect(wrapper.findAll(selector)).toHaveLength(0)
    expect((window as { pwned?: number }).pwned).toBeUndefined()
  })
})

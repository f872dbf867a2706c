import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { i18n, pickLocale, setLocale } from './i18n'

async function start(): Promise<void> {
  await setLocale(pickLocale(navigator.languages))
  createApp(App).use(createPinia()).use(i18n).mount('#app')
}

void start()

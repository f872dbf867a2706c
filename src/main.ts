import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { i18n } from './i18n'
import { usePreferencesStore } from './stores/preferences'
import './styles/theme.css'
import './styles/base.css'
import './styles/choices.css'

async function start(): Promise<void> {
  const pinia = createPinia()
  const app = createApp(App).use(pinia).use(i18n)
  // Language, text size and contrast apply before first paint, so nothing jumps after mount.
  await usePreferencesStore(pinia).hydrate()
  app.mount('#app')
}

void start()

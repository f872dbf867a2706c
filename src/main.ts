import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { isRoomConsolePage } from './api/roomClient'
import { i18n } from './i18n'
import { usePreferencesStore } from './stores/preferences'
import './styles/theme.css'
import './styles/base.css'
import './styles/choices.css'
import './styles/richText.css'
import RoomConsole from './views/RoomConsole.vue'

async function start(): Promise<void> {
  const pinia = createPinia()
  // The room server serves this same app; opened at /#room it is the proctor's room console, not a station.
  const app = createApp(isRoomConsolePage() ? RoomConsole : App)
    .use(pinia)
    .use(i18n)
  // Language, text size and contrast apply before first paint, so nothing jumps after mount.
  await usePreferencesStore(pinia).hydrate()
  app.mount('#app')
}

void start()

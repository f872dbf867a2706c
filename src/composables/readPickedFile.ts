/** A file the user picked, as text (UTF-8; a BOM is left for the station's parser to handle). */
export async function readPickedFile(event: Event): Promise<{ name: string; text: string } | null> {
  const input = event.target instanceof HTMLInputElement ? event.target : null
  const file = input?.files?.[0]
  if (!file) return null
  return { name: file.name, text: await file.text() }
}

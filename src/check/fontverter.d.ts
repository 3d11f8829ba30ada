/** fontverter ships without types: the one function talkdeck calls. */
declare module 'fontverter' {
  const fontverter: { convert(font: Uint8Array, to: 'sfnt' | 'woff' | 'woff2'): Promise<Uint8Array> }
  export default fontverter
}

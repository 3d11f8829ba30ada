/**
 * The client as built into lib/client: the layout CSS (emitted as talkdeck.css) and the runtime.
 * `talkdeck dev` links these same built files, so a deck looks the same served and built; the theme
 * is linked after them, which is what lets it override the shared defaults.
 */
import '../../templates/styles/index.css'
import './runtime.js'

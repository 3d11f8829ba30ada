/**
 * The client as built into lib/client: the layout CSS (emitted as talkdeck.css) and the runtime.
 * In `talkdeck dev` the page links the CSS itself, before the theme, and loads the runtime alone:
 * the order of the stylesheets is what lets a theme override the shared defaults.
 */
import '../../templates/styles/index.css'
import './runtime.js'

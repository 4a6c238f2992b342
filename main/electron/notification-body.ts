// The body as the OS notification shows it: names are typed by strangers, and Linux notification daemons
// read the body as markup (freedesktop notification spec, "Markup"; Element escapes it for the same reason:
// element-hq/element-web#3564).
/** Linux daemons that advertise body-markup parse `<`, `>` and `&` in the body; show them as typed. */
export function bodyForPlatform(body: string, platform: NodeJS.Platform): string {
  if (platform !== 'linux') return body;
  return body.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

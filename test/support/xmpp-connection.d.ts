// The one part of @xmpp/connection (untyped) the test support patches: see utf8-peers.ts.
declare module '@xmpp/connection' {
  const Connection: { prototype: object };
  export default Connection;
}

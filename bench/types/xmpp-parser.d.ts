// The bench also uses @xmpp/xml's streaming Parser (what @xmpp/client parses the socket with);
// merges into the minimal typings in src-main/types/xmpp.d.ts.
declare module '@xmpp/xml' {
  export class Parser {
    on(event: 'start' | 'element' | 'end', listener: (element: Element) => void): this;
    on(event: 'error', listener: (error: Error) => void): this;
    write(data: string): void;
    end(data?: string): void;
  }
}

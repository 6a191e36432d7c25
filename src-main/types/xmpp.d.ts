// Minimal typings for the parts of xmpp.js 0.14 Glance uses (the packages ship none).

declare module '@xmpp/xml' {
  export type Node = Element | string;
  export class Element {
    constructor(name: string, attrs?: Record<string, string | number | undefined>);
    name: string;
    attrs: Record<string, string | undefined>;
    children: Node[];
    parent: Element | null;
    is(name: string, xmlns?: string): boolean;
    /** The local name (without a prefix). */
    getName(): string;
    getNS(): string | undefined;
    getAttr(name: string): string | undefined;
    getChild(name: string, xmlns?: string): Element | undefined;
    getChildren(name: string, xmlns?: string): Element[];
    getChildElements(): Element[];
    getChildText(name: string, xmlns?: string): string | null;
    getText(): string;
    text(): string;
    append(...nodes: Node[]): Element;
    c(name: string, attrs?: Record<string, string>): Element;
    toString(): string;
  }
  /** @xmpp/xml's streaming parser (over ltx), what @xmpp/client parses the socket with by default. */
  export class Parser {
    on(event: 'start' | 'element' | 'end', listener: (element: Element) => void): this;
    on(event: 'error', listener: (error: Error) => void): this;
    write(data: string): void;
    end(data?: string): void;
  }
  export class XMLError extends Error {}
  export default function xml(
    name: string,
    attrs?: Record<string, string | number | undefined> | null,
    ...children: (Node | Node[] | undefined | null | false)[]
  ): Element;
}

declare module '@xmpp/jid' {
  export class JID {
    local: string;
    domain: string;
    resource: string;
    bare(): JID;
    toString(): string;
    equals(other: JID): boolean;
  }
  export default function jid(address: string): JID;
}

declare module '@xmpp/client' {
  import type { Element } from '@xmpp/xml';
  import type { JID } from '@xmpp/jid';
  import xmlFn from '@xmpp/xml';

  export type Authenticate = (credentials: { username: string; password: string }, mechanism: string, userAgent?: Element) => Promise<void>;

  export interface ClientOptions {
    service: string;
    domain: string;
    resource?: string;
    username?: string;
    password?: string;
    credentials?: (authenticate: Authenticate, mechanisms: string[], fast: unknown, entity: XmppClient) => Promise<void>;
    timeout?: number;
  }

  export interface IqCaller {
    request(element: Element, timeout?: number): Promise<Element>;
    get(element: Element, to?: string, timeout?: number): Promise<Element>;
    set(element: Element, to?: string, timeout?: number): Promise<Element>;
  }

  export interface IqCallee {
    get(ns: string, name: string, handler: (ctx: { stanza: Element; element: Element }) => unknown): void;
    set(ns: string, name: string, handler: (ctx: { stanza: Element; element: Element; from: JID }) => unknown): void;
  }

  export interface StreamManagement {
    enabled: boolean;
    id: string;
    inbound: number;
    outbound: number;
    outbound_q: { stanza: Element; stamp: string }[];
    on(event: 'ack' | 'fail', listener: (stanza: Element) => void): void;
    on(event: 'resumed', listener: () => void): void;
  }

  export interface XmppClient {
    jid: JID | null;
    status: string;
    /** A net.Socket, or after STARTTLS a wrapper whose `socket` is the TLSSocket. */
    socket: unknown;
    options: ClientOptions;
    reconnect: { stop(): void; start(): void };
    iqCaller: IqCaller;
    iqCallee: IqCallee;
    middleware: { use(fn: (ctx: { stanza: Element }, next: () => unknown) => unknown): unknown };
    streamManagement: StreamManagement;
    start(): Promise<JID>;
    stop(): Promise<unknown>;
    disconnect(): Promise<unknown>;
    send(element: Element): Promise<void>;
    sendMany(elements: Element[]): Promise<void>;
    isSecure(): boolean;
    on(event: 'stanza' | 'element' | 'nonza' | 'send', listener: (element: Element) => void): this;
    on(event: 'error', listener: (error: Error) => void): this;
    on(event: 'online', listener: (jid: JID) => void): this;
    on(event: 'status', listener: (status: string, ...args: unknown[]) => void): this;
    on(event: 'offline' | 'disconnect' | 'connect' | 'open', listener: (...args: unknown[]) => void): this;
    removeAllListeners(event?: string): this;
  }

  export function client(options: ClientOptions): XmppClient;
  export const xml: typeof xmlFn;
  export function jid(address: string): JID;
}

declare module '@xmpp/xml/lib/parse.js' {
  import type { Element } from '@xmpp/xml';
  export default function parse(xml: string): Element;
}

import { describe, expect, it } from 'vitest';
import type { Occupant } from '../../src-shared/contract';
import { OccupantOrder, occupantRows } from '../../src-renderer/app/room-occupants.svelte';

const o = (nick: string, affiliation: Occupant['affiliation'] = 'none', presence: Occupant['presence'] = 'available'): Occupant => ({
  nick,
  role: 'participant',
  affiliation,
  presence,
  self: false,
});

describe('the participants’ order through a flood of presences', () => {
  it('gives the same rows as a fresh sort, with the newest presence of each', () => {
    const order = new OccupantOrder();
    const first = [o('zed'), o('Bea', 'member'), o('al', 'admin'), o('amy', 'member')];
    expect(order.rows(first, 'en')).toEqual(occupantRows(first, 'en'));
    const away = [o('amy', 'member', 'away'), o('zed', 'none', 'dnd'), o('al', 'admin'), o('Bea', 'member')];
    expect(order.rows(away, 'en')).toEqual(occupantRows(away, 'en'));
  });

  it('sorts afresh when someone joins, leaves, changes nick or group, or the language changes', () => {
    const order = new OccupantOrder();
    order.rows([o('b'), o('c')], 'en');
    for (const next of [[o('b'), o('c'), o('a')], [o('c')], [o('d'), o('c')], [o('d', 'member'), o('c')]]) {
      expect(order.rows(next, 'en')).toEqual(occupantRows(next, 'en'));
    }
    expect(order.rows([o('d', 'member'), o('c')], 'zh-CN')).toEqual(occupantRows([o('d', 'member'), o('c')], 'zh-CN'));
  });
});

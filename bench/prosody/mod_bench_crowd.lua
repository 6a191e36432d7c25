-- The bench's crowd: real occupants of a real Prosody room, made on the server.
--
-- `fill` adds `count` occupants (nick memberN, real JID crowdN@<domain>/bench, role by the room's
-- own default) straight into the room's occupant table, as mod_muc keeps its occupants, without
-- the O(n²) join broadcasts that thousands of clients joining one by one would cost this machine;
-- whoever joins afterwards gets them all from mod_muc's own occupant list. Their real JIDs have no
-- session: what the room routes to them is dropped by the host, as for any occupant gone offline.
-- `show` changes the presence of members `from`..`from+count-1` (show=away) and mod_muc
-- publicises each change, to the occupants that have a session (the crowd's copies are dropped
-- anyway), one stanza each: a burst of presence updates.
--
-- Loaded only by the bench (bench/metrics/room-crowd.ts), on the conference component.

local st = require "util.stanza";
local jid_bare = require "util.jid".bare;
local mod_muc = module:depends("muc");

local NS = "urn:glance:bench:crowd";

local function crowd_presence(room, i, domain, show)
	local p = st.presence({ from = "crowd" .. i .. "@" .. domain .. "/bench", to = room.jid .. "/member" .. i });
	p:tag("x", { xmlns = "http://jabber.org/protocol/muc" }):up();
	if show then p:tag("show"):text(show):up(); end
	return p;
end

local function is_crowd(occupant)
	return occupant.bare_jid:match("^crowd%d+@") ~= nil;
end

module:hook("iq-set/host/" .. NS .. ":crowd", function (event)
	local origin, stanza = event.origin, event.stanza;
	local crowd = stanza.tags[1];
	local room = mod_muc.get_room_from_jid(crowd.attr.room);
	if not room then
		origin.send(st.error_reply(stanza, "cancel", "item-not-found"));
		return true;
	end
	local first = tonumber(crowd.attr.from) or 1;
	local count = tonumber(crowd.attr.count) or 0;
	local domain = crowd.attr.domain or "localhost";
	if crowd.attr.action == "fill" then
		for i = first, first + count - 1 do
			local p = crowd_presence(room, i, domain);
			local occupant = room:new_occupant(jid_bare(p.attr.from), p.attr.to);
			occupant:set_session(p.attr.from, p, true);
			room:save_occupant(occupant);
		end
	elseif crowd.attr.action == "show" then
		local watchers = {};
		for _, occupant in room:each_occupant() do
			if not is_crowd(occupant) then watchers[#watchers + 1] = occupant; end
		end
		for i = first, first + count - 1 do
			local occupant = room:get_occupant_by_nick(room.jid .. "/member" .. i);
			if occupant then
				local p = crowd_presence(room, i, domain, crowd.attr.show or "away");
				occupant:set_session(p.attr.from, p, true);
				occupant = room:save_occupant(occupant);
				local x = st.stanza("x", { xmlns = "http://jabber.org/protocol/muc#user" });
				for _, watcher in ipairs(watchers) do
					room:publicise_occupant_status(occupant, x, nil, nil, nil, nil, nil, watcher);
				end
			end
		end
	else
		origin.send(st.error_reply(stanza, "modify", "bad-request"));
		return true;
	end
	origin.send(st.reply(stanza));
	return true;
end);

package dev.warden.examples.guild;

import dev.warden.claims.CallerContext;
import dev.warden.claims.CallerKind;
import dev.warden.core.Identity;
import dev.warden.policy.Invocation;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.annotation.Authenticated;
import dev.warden.policy.annotation.ConnectionRule;
import dev.warden.policy.annotation.OnConnect;
import dev.warden.policy.annotation.Policy;
import dev.warden.policy.annotation.Procedure;
import dev.warden.policy.annotation.Reducer;
import dev.warden.policy.annotation.RequiresAnyRole;
import dev.warden.policy.annotation.RequiresKind;
import dev.warden.policy.annotation.Scheduled;
import dev.warden.policy.annotation.View;
import dev.warden.policy.annotation.VisibleRows;
import dev.warden.policy.host.Table;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A guild module for a multiplayer game, written from the README alone: guild officers kick members of their
 * own guild, leaders promote, moderators set the message of the day and ban, each member sees only their
 * guild's chat, service accounts export statistics, a scheduled job trims old chat, and banned players are
 * turned away at connect. No rule is enforced by hand inside an entry point.
 */
@ConnectionRule(kinds = {CallerKind.USER, CallerKind.SERVICE})
public class GuildModule {

    /** How many chat lines a guild keeps after {@code decay}. */
    public static final int CHAT_KEPT = 100;

    /** A guild member and their rank. */
    public enum Rank {
        /** Plays. */
        MEMBER,
        /** Kicks members of their guild. */
        OFFICER,
        /** Founded the guild; promotes. */
        LEADER
    }

    /**
     * A membership.
     *
     * @param who the player
     * @param guildId their guild
     * @param rank their rank in it
     */
    public record Member(Identity who, long guildId, Rank rank) {}

    /**
     * A chat line.
     *
     * @param guildId the guild it was said in
     * @param author who said it
     * @param text what was said
     */
    public record ChatLine(long guildId, Identity author, String text) {}

    /**
     * An invitation to join a guild.
     *
     * @param who the invited player
     * @param guildId the guild
     */
    public record Invite(Identity who, long guildId) {}

    final Table<Member> members = new Table<>();
    final Table<Invite> invites = new Table<>();
    final Table<ChatLine> chat = new Table<>();
    final Table<Identity> bans = new Table<>();
    final Table<String> motd = new Table<>();

    /**
     * Turns banned players away.
     *
     * @param caller who connects
     */
    @OnConnect
    public void refuseBanned(CallerContext caller) {
        if (bans.find(caller.sender()::equals).isPresent()) {
            throw new IllegalStateException("banned");
        }
    }

    /**
     * @param caller the founder, who becomes its leader
     * @param guildId the new guild
     */
    @Reducer("found_guild")
    @Authenticated
    public void foundGuild(CallerContext caller, long guildId) {
        if (members.find(m -> m.guildId() == guildId).isPresent()) {
            throw new IllegalArgumentException("guild " + guildId + " exists");
        }
        leave(caller.sender());
        members.insert(new Member(caller.sender(), guildId, Rank.LEADER));
    }

    /**
     * @param caller an officer or the leader of a guild
     * @param player who may then join it
     */
    @Reducer("invite")
    @Policy("officerOfAGuild")
    public void invite(CallerContext caller, Identity player) {
        long guild = guildOf(caller);
        invites.insert(new Invite(player, guild));
    }

    /**
     * @param caller who joins, on an invitation
     * @param guildId the guild
     */
    @Reducer("join")
    @Authenticated
    public void join(CallerContext caller, long guildId) {
        if (invites.delete(i -> i.who().equals(caller.sender()) && i.guildId() == guildId) == 0) {
            throw new IllegalStateException("not invited to guild " + guildId);
        }
        leave(caller.sender());
        members.insert(new Member(caller.sender(), guildId, Rank.MEMBER));
    }

    /** @param member the member to remove; an officer of the member's guild may (policy "officerOfTheirGuild") */
    @Reducer("kick")
    @Policy("officerOfTheirGuild")
    public void kick(Identity member) {
        leave(member);
    }

    /** @param member the member to make an officer; only their guild's leader may */
    @Reducer("promote")
    @Policy("leaderOfTheirGuild")
    public void promote(Identity member) {
        members.update(m -> m.who().equals(member), m -> new Member(m.who(), m.guildId(), Rank.OFFICER));
    }

    /**
     * @param caller who speaks, in their own guild
     * @param text what they say
     */
    @Reducer("say")
    @Authenticated
    public void say(CallerContext caller, String text) {
        Long guild = guildOf(caller);
        if (guild == null) {
            throw new IllegalStateException("join a guild first");
        }
        chat.insert(new ChatLine(guild, caller.sender(), text));
    }

    /** @return the chat lines of the caller's own guild (filtered by Warden, not here) */
    @View("guild_chat")
    @Authenticated
    @VisibleRows(field = "guildId", matches = "guildOf")
    public List<ChatLine> guildChat() {
        return chat.all();
    }

    /** @param text the new message of the day */
    @Reducer("set_motd")
    @RequiresAnyRole("moderator")
    public void setMotd(String text) {
        motd.delete(m -> true);
        motd.insert(text);
    }

    /** @return the message of the day */
    @View("motd")
    @Authenticated
    public List<String> motd() {
        return motd.all();
    }

    /** @param player who is banned: refused at connect from now on, and out of their guild */
    @Reducer("ban")
    @RequiresAnyRole("moderator")
    public void ban(Identity player) {
        bans.insert(player);
        invites.delete(i -> i.who().equals(player));
        leave(player);
    }

    /** @return members per guild, for the statistics service */
    @Procedure("export_stats")
    @RequiresKind(CallerKind.SERVICE)
    public Map<Long, Integer> exportStats() {
        Map<Long, Integer> out = new TreeMap<>();
        members.all().forEach(m -> out.merge(m.guildId(), 1, Integer::sum));
        return out;
    }

    /** @return how many old chat lines were removed: each guild keeps its last {@link #CHAT_KEPT} */
    @Scheduled("decay")
    public int decay() {
        List<ChatLine> all = chat.all();
        Map<Long, Integer> seen = new TreeMap<>();
        int removed = 0;
        for (int i = all.size() - 1; i >= 0; i--) {
            ChatLine line = all.get(i);
            if (seen.merge(line.guildId(), 1, Integer::sum) > CHAT_KEPT) {
                ChatLine old = line;
                removed += chat.delete(l -> l == old);
            }
        }
        return removed;
    }

    /**
     * The caller's guild, for {@code @VisibleRows(field = "guildId", matches = "guildOf")}.
     *
     * @param caller a caller
     * @return their guild, or null (then they see no chat)
     */
    public Long guildOf(CallerContext caller) {
        return membership(caller.sender()).map(Member::guildId).orElse(null);
    }

    Optional<Member> membership(Identity who) {
        return members.find(m -> m.who().equals(who));
    }

    private void leave(Identity who) {
        members.delete(m -> m.who().equals(who));
    }

    /**
     * The module's rules: its roles, and the two ownership policies, which read the {@code member} argument
     * by name (the module is compiled with {@code -parameters}).
     *
     * @param engine the engine to configure
     * @return the engine
     */
    public static PolicyEngine.Builder rules(PolicyEngine.Builder engine) {
        return engine.roles("moderator")
                .policy("officerOfAGuild", (caller, call) -> ((GuildModule) call.module()).membership(caller.sender())
                        .map(m -> m.rank().compareTo(Rank.OFFICER) >= 0).orElse(false))
                .policy("officerOfTheirGuild", List.of("member"),
                        (caller, call) -> outranks(caller, call, Rank.OFFICER))
                .policy("leaderOfTheirGuild", List.of("member"),
                        (caller, call) -> outranks(caller, call, Rank.LEADER));
    }

    /**
     * Whether the caller holds at least {@code rank} in the guild of the call's {@code member}, and the member
     * ranks below the caller (an officer never kicks the leader or another officer).
     */
    private static boolean outranks(CallerContext caller, Invocation call, Rank rank) {
        GuildModule g = (GuildModule) call.module();
        Optional<Member> target = g.membership(call.arg("member", Identity.class));
        Optional<Member> me = g.membership(caller.sender());
        return target.isPresent() && me.isPresent() && me.get().guildId() == target.get().guildId()
                && me.get().rank().compareTo(rank) >= 0 && target.get().rank().compareTo(me.get().rank()) < 0;
    }
}

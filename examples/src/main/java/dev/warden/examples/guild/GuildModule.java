package dev.warden.examples.guild;

import dev.warden.claims.CallerContext;
import dev.warden.claims.CallerKind;
import dev.warden.core.Identity;
import dev.warden.db.Access;
import dev.warden.db.AutoInc;
import dev.warden.db.Db;
import dev.warden.db.Index;
import dev.warden.db.Indexed;
import dev.warden.db.PrimaryKey;
import dev.warden.db.Table;
import dev.warden.db.TableHandle;
import dev.warden.policy.Invocation;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.ProcedureContext;
import dev.warden.policy.ReducerContext;
import dev.warden.policy.ViewContext;
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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A guild module for a multiplayer game, written from the README alone: guild officers kick members of their
 * own guild, leaders promote, moderators set the message of the day and ban, each member sees only their
 * guild's chat, service accounts export statistics, a scheduled job trims old chat, and banned players are
 * turned away at connect. No rule is enforced by hand inside an entry point. Its state lives in its tables (the
 * nested {@code @Table} records), so every reducer is one transaction: one that throws changes nothing.
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
     * A membership: a player is in one guild at most, so the player is the key.
     *
     * @param who the player
     * @param guildId their guild (indexed: a guild's members are looked up by it)
     * @param rank their rank in it
     */
    @Table(name = "member", access = Access.PRIVATE)
    public record Member(@PrimaryKey Identity who, @Indexed long guildId, Rank rank) {}

    /**
     * A chat line. The index on (guildId, id) gives a guild's lines oldest first, for {@code decay}.
     *
     * @param id its number, given by the table
     * @param guildId the guild it was said in
     * @param author who said it
     * @param text what was said
     */
    @Table(name = "chat_line", access = Access.PRIVATE,
            indexes = @Index(name = "chat_line_guild_id", columns = {"guildId", "id"}))
    public record ChatLine(@PrimaryKey @AutoInc long id, long guildId, Identity author, String text) {}

    /**
     * An invitation to join a guild; inviting twice is one invitation (a table without a key holds each row once).
     *
     * @param who the invited player
     * @param guildId the guild
     */
    @Table(name = "invite", access = Access.PRIVATE,
            indexes = @Index(name = "invite_who_guild", columns = {"who", "guildId"}))
    public record Invite(Identity who, long guildId) {}

    /**
     * A banned player.
     *
     * @param who the player
     */
    @Table(name = "ban", access = Access.PRIVATE)
    public record Ban(@PrimaryKey Identity who) {}

    /**
     * The message of the day: one row, in slot 0.
     *
     * @param slot always 0
     * @param text the message
     */
    @Table(name = "message_of_the_day", access = Access.PRIVATE)
    public record Motd(@PrimaryKey int slot, String text) {}

    /**
     * Turns banned players away.
     *
     * @param ctx who connects
     */
    @OnConnect
    public void refuseBanned(ReducerContext ctx) {
        if (ctx.db().table(Ban.class).unique(Ban::who).find(ctx.sender()).isPresent()) {
            throw new IllegalStateException("banned");
        }
    }

    /**
     * @param ctx the founder, who becomes its leader
     * @param guildId the new guild
     */
    @Reducer("found_guild")
    @Authenticated
    public void foundGuild(ReducerContext ctx, long guildId) {
        TableHandle<Member> members = ctx.db().table(Member.class);
        if (!members.index(Member::guildId).filter(guildId).isEmpty()) {
            throw new IllegalArgumentException("guild " + guildId + " exists");
        }
        leave(ctx.db(), ctx.sender());
        members.insert(new Member(ctx.sender(), guildId, Rank.LEADER));
    }

    /**
     * @param ctx an officer or the leader of a guild
     * @param player who may then join it
     */
    @Reducer("invite")
    @Policy("officerOfAGuild")
    public void invite(ReducerContext ctx, Identity player) {
        long guild = membership(ctx.db(), ctx.sender()).orElseThrow().guildId();
        ctx.db().table(Invite.class).insert(new Invite(player, guild));
    }

    /**
     * @param ctx who joins, on an invitation
     * @param guildId the guild
     */
    @Reducer("join")
    @Authenticated
    public void join(ReducerContext ctx, long guildId) {
        if (!ctx.db().table(Invite.class).delete(new Invite(ctx.sender(), guildId))) {
            throw new IllegalStateException("not invited to guild " + guildId);
        }
        leave(ctx.db(), ctx.sender());
        ctx.db().table(Member.class).insert(new Member(ctx.sender(), guildId, Rank.MEMBER));
    }

    /**
     * @param ctx the call
     * @param member the member to remove; an officer of the member's guild may (policy "officerOfTheirGuild")
     */
    @Reducer("kick")
    @Policy("officerOfTheirGuild")
    public void kick(ReducerContext ctx, Identity member) {
        leave(ctx.db(), member);
    }

    /**
     * @param ctx the call
     * @param member the member to make an officer; only their guild's leader may
     */
    @Reducer("promote")
    @Policy("leaderOfTheirGuild")
    public void promote(ReducerContext ctx, Identity member) {
        var byWho = ctx.db().table(Member.class).unique(Member::who);
        byWho.find(member).ifPresent(m -> byWho.update(new Member(m.who(), m.guildId(), Rank.OFFICER)));
    }

    /**
     * @param ctx who speaks, in their own guild
     * @param text what they say
     */
    @Reducer("say")
    @Authenticated
    public void say(ReducerContext ctx, String text) {
        Member me = membership(ctx.db(), ctx.sender())
                .orElseThrow(() -> new IllegalStateException("join a guild first"));
        ctx.db().table(ChatLine.class).insert(new ChatLine(0, me.guildId(), ctx.sender(), text));
    }

    /**
     * @param ctx the reader
     * @return every guild's chat lines, oldest first; Warden shows each caller only their guild's (not here)
     */
    @View("guild_chat")
    @Authenticated
    @VisibleRows(field = "guildId", matches = "guildOf")
    public List<ChatLine> guildChat(ViewContext ctx) {
        return ctx.db().table(ChatLine.class).all().stream().sorted(Comparator.comparingLong(ChatLine::id)).toList();
    }

    /**
     * @param ctx the call
     * @param text the new message of the day
     */
    @Reducer("set_motd")
    @RequiresAnyRole("moderator")
    public void setMotd(ReducerContext ctx, String text) {
        TableHandle<Motd> motd = ctx.db().table(Motd.class);
        motd.unique(Motd::slot).delete(0);
        motd.insert(new Motd(0, text));
    }

    /**
     * @param ctx the reader
     * @return the message of the day
     */
    @View("motd")
    @Authenticated
    public List<String> motd(ViewContext ctx) {
        return ctx.db().table(Motd.class).all().stream().map(Motd::text).toList();
    }

    /**
     * @param ctx the call
     * @param player who is banned: refused at connect from now on, and out of their guild
     */
    @Reducer("ban")
    @RequiresAnyRole("moderator")
    public void ban(ReducerContext ctx, Identity player) {
        ctx.db().table(Ban.class).insert(new Ban(player));
        TableHandle<Invite> invites = ctx.db().table(Invite.class);
        invites.index(Invite::who).filter(player).forEach(invites::delete);
        leave(ctx.db(), player);
    }

    /**
     * @param ctx the call; a procedure reads the tables in a transaction of its own
     * @return members per guild, for the statistics service
     */
    @Procedure("export_stats")
    @RequiresKind(CallerKind.SERVICE)
    public Map<Long, Integer> exportStats(ProcedureContext ctx) {
        return ctx.withTx(db -> {
            Map<Long, Integer> out = new TreeMap<>();
            db.table(Member.class).all().forEach(m -> out.merge(m.guildId(), 1, Integer::sum));
            return out;
        });
    }

    /**
     * @param ctx the run, as the module itself
     * @return how many old chat lines were removed: each guild keeps its last {@link #CHAT_KEPT}
     */
    @Scheduled("decay")
    public int decay(ReducerContext ctx) {
        TableHandle<ChatLine> chat = ctx.db().table(ChatLine.class);
        var byGuild = chat.index(ChatLine::guildId, ChatLine::id);
        int removed = 0;
        for (long guild : new TreeSet<>(chat.all().stream().map(ChatLine::guildId).toList())) {
            List<ChatLine> lines = byGuild.filter(guild);   // oldest first
            for (ChatLine old : lines.subList(0, Math.max(0, lines.size() - CHAT_KEPT))) {
                chat.delete(old);
                removed++;
            }
        }
        return removed;
    }

    /**
     * The caller's guild, for {@code @VisibleRows(field = "guildId", matches = "guildOf")}: it reads the member
     * table, so it takes the view's context.
     *
     * @param ctx the view call
     * @return the caller's guild, or null (then they see no chat)
     */
    public Long guildOf(ViewContext ctx) {
        return membership(ctx.db(), ctx.sender()).map(Member::guildId).orElse(null);
    }

    static Optional<Member> membership(Db db, Identity who) {
        return db.table(Member.class).unique(Member::who).find(who);
    }

    private static void leave(Db db, Identity who) {
        db.table(Member.class).unique(Member::who).delete(who);
    }

    /**
     * The module's rules: its roles, and the ownership policies, which read the member table through
     * {@code call.db()} and the {@code member} argument by name (the module is compiled with {@code -parameters}).
     *
     * @param engine the engine to configure
     * @return the engine
     */
    public static PolicyEngine.Builder rules(PolicyEngine.Builder engine) {
        return engine.roles("moderator")
                .policy("officerOfAGuild", (caller, call) -> membership(call.db(), caller.sender())
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
        Optional<Member> target = membership(call.db(), call.arg("member", Identity.class));
        Optional<Member> me = membership(call.db(), caller.sender());
        return target.isPresent() && me.isPresent() && me.get().guildId() == target.get().guildId()
                && me.get().rank().compareTo(rank) >= 0 && target.get().rank().compareTo(me.get().rank()) < 0;
    }
}

package dev.warden.host.server;

import dev.warden.claims.CallerContext;
import dev.warden.claims.CallerKind;
import dev.warden.core.Identity;
import dev.warden.policy.annotation.Authenticated;
import dev.warden.policy.annotation.ConnectionRule;
import dev.warden.policy.annotation.Init;
import dev.warden.policy.annotation.OnConnect;
import dev.warden.policy.annotation.OnDisconnect;
import dev.warden.policy.annotation.Procedure;
import dev.warden.policy.annotation.Public;
import dev.warden.policy.annotation.Reducer;
import dev.warden.policy.annotation.RequiresAnyRole;
import dev.warden.policy.annotation.View;
import dev.warden.policy.annotation.VisibleRows;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A test module: notes each owner sees alone, a ban list checked at connect, an admin-only reducer. */
@ConnectionRule(kinds = {CallerKind.USER, CallerKind.ANONYMOUS})
public class BoardModule {

    /** A note; its owner alone sees it. */
    public record Note(long id, Identity owner, String text) {}

    /** Every note, as the public view shows them (no row rule). */
    public record Count(long notes) {
        /** How many times a count was read, as the host's row codec reads it to encode the row. */
        static final AtomicInteger READS = new AtomicInteger();

        @Override
        public long notes() {
            READS.incrementAndGet();
            return notes;
        }
    }

    final List<Note> notes = new ArrayList<>();
    final Set<Identity> banned = ConcurrentHashMap.newKeySet();
    final List<String> lifecycle = new ArrayList<>();
    volatile Identity initializedBy;
    /** How many times the notes view ran: one per subscriber's query set per recompute. */
    final AtomicInteger noteViews = new AtomicInteger();
    /** How many times the counts view ran. */
    final AtomicInteger countViews = new AtomicInteger();
    private long next;

    @Init
    public void init(CallerContext ctx) {
        initializedBy = ctx.sender();
    }

    @OnConnect
    public synchronized void connected(CallerContext ctx) {
        if (banned.contains(ctx.sender())) {
            throw new IllegalStateException("you are banned");
        }
        lifecycle.add("connect " + ctx.sender().toHex());
    }

    @OnDisconnect
    public synchronized void disconnected(CallerContext ctx) {
        lifecycle.add("disconnect " + ctx.sender().toHex());
    }

    @Reducer("touch")
    @Public
    public void touch() {
        // allowed to anyone, changes nothing
    }

    @Reducer("add_note")
    @Authenticated
    public synchronized void addNote(CallerContext ctx, String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("text must not be blank");
        }
        notes.add(new Note(next++, ctx.sender(), text));
    }

    @Reducer("ban")
    @RequiresAnyRole("admin")
    public void ban(Identity who) {
        banned.add(who);
    }

    @Procedure("count_notes")
    @Public
    public synchronized long countNotes() {
        return notes.size();
    }

    @View("notes")
    @Authenticated(allowAnonymous = true)
    @VisibleRows(owner = "owner")
    public synchronized List<Note> allNotes() {
        noteViews.incrementAndGet();
        return new ArrayList<>(notes);
    }

    @View("counts")
    @Public
    public synchronized List<Count> counts() {
        countViews.incrementAndGet();
        return List.of(new Count(notes.size()));
    }

    @View("admin_counts")
    @RequiresAnyRole("admin")
    public synchronized List<Count> adminCounts() {
        return List.of(new Count(notes.size()));
    }
}

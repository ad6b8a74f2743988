package dev.warden.host.server;

import dev.warden.claims.CallerContext;
import dev.warden.claims.CallerKind;
import dev.warden.core.Identity;
import dev.warden.policy.annotation.Authenticated;
import dev.warden.policy.annotation.ConnectionRule;
import dev.warden.policy.annotation.Reducer;
import dev.warden.policy.annotation.RequiresAnyRole;
import dev.warden.policy.annotation.View;
import dev.warden.policy.annotation.VisibleRows;
import java.util.ArrayList;
import java.util.List;

/** A test module for socket lifetimes: notes each owner sees alone, and every note for admins. */
@ConnectionRule(kinds = {CallerKind.USER, CallerKind.ANONYMOUS})
public class StaffModule {

    /** A note; its owner sees it, and admins see every note. */
    public record Note(long id, Identity owner, String text) {}

    final List<Note> notes = new ArrayList<>();
    private long next;

    @Reducer("add_note")
    @Authenticated
    public synchronized void addNote(CallerContext ctx, String text) {
        notes.add(new Note(next++, ctx.sender(), text));
    }

    @View("notes")
    @Authenticated(allowAnonymous = true)
    @VisibleRows(owner = "owner")
    public synchronized List<Note> ownNotes() {
        return new ArrayList<>(notes);
    }

    @View("all_notes")
    @RequiresAnyRole("admin")
    public synchronized List<Note> allNotes() {
        return new ArrayList<>(notes);
    }
}

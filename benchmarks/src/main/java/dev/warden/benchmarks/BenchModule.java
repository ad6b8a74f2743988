package dev.warden.benchmarks;

import dev.warden.policy.annotation.Policy;
import dev.warden.policy.annotation.Reducer;
import dev.warden.policy.annotation.RequiresClaim;
import dev.warden.policy.annotation.RequiresAnyRole;
import jakarta.annotation.security.RolesAllowed;
import org.springframework.security.access.prepost.PreAuthorize;

/** The guarded module of the guard benchmarks, and its twin as Spring Security guards it. */
public class BenchModule {

    @Reducer("ban_user")
    @RequiresAnyRole("admin")
    public void banUser() {
        // the call is not measured, only the decision
    }

    /** The same entry point as Spring Security guards it (Warden would AND these with its own rule). */
    public static class SpringTwin {
        @RolesAllowed("ADMIN")
        @PreAuthorize("hasRole('ADMIN')")
        public void banUser() {
            // decision only
        }
    }

    @Reducer("tenant_export")
    @RequiresClaim(name = "tenant_id", values = "t1")
    public void tenantExport() {
        // decision only
    }

    @Reducer("edit_post")
    @Policy("owner")
    public void editPost(long postId, String text) {
        // decision only
    }
}

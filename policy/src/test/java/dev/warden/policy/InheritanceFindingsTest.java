package dev.warden.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.claims.CallerContext;
import dev.warden.policy.annotation.Authenticated;
import dev.warden.policy.annotation.Public;
import dev.warden.policy.annotation.Reducer;
import dev.warden.policy.annotation.RequiresAnyRole;
import dev.warden.policy.annotation.View;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Security review findings (issue 13, high): an entry point never runs under a looser rule than the one
 * written on it, whatever the class hierarchy, generics, private methods or annotation retention.
 */
class InheritanceFindingsTest {

    final CallerContext user = Callers.user("u");
    final CallerContext admin = Callers.user("a", "admin");

    static <M> GuardedModule<M> compile(Class<M> module) {
        return PolicyEngine.builder().build().compile(module);
    }

    static List<String> problems(Class<?> module) {
        try {
            compile(module);
        } catch (PolicyCompilationException e) {
            return e.problems();
        }
        throw new AssertionError(module.getSimpleName() + " compiled, but must not");
    }

    // --- a class-level rule covers only the methods declared in that type

    @RequiresAnyRole("admin")
    static class AdminBase {
        @Reducer("purge_all")
        public void purgeAll() {}
    }

    @Authenticated
    static class LooseChild extends AdminBase {
        @Reducer("post")
        public void post() {}
    }

    @Test
    void aSubclassRuleDoesNotLoosenAnInheritedEntryPoint() {
        GuardedModule<LooseChild> m = compile(LooseChild.class);
        LooseChild c = new LooseChild();
        Decision d = m.check(c, "purge_all", user);
        assertThat(d.allowed()).isFalse();
        assertThat(d.rule()).isEqualTo("@RequiresAnyRole[admin]");
        assertThat(d.reason()).startsWith("denied purge_all: requires any role of [admin]");
        assertThat(m.check(c, "purge_all", admin).allowed()).isTrue();
        assertThat(m.check(c, "post", user).allowed()).as("the subclass's own rule covers its own entry point")
                .isTrue();
    }

    @Public
    static class PublicBase {
        @View("status")
        public String status() {
            return "ok";
        }
    }

    static class UnguardedChild extends PublicBase {
        @Reducer("sneaky")
        public void sneaky() {}
    }

    @Test
    void aSuperclassRuleDoesNotGuardASubclassEntryPoint() {
        assertThat(problems(UnguardedChild.class)).singleElement().asString()
                .startsWith("1 entry point(s) have no access rule").contains("REDUCER sneaky (UnguardedChild.sneaky)");
    }

    @Public
    interface PublicMarker {}

    static class ImplementsPublicMarker implements PublicMarker {
        @Reducer("wipe")
        public void wipe() {}
    }

    @Test
    void anInterfaceRuleDoesNotGuardTheImplementationsOwnEntryPoints() {
        assertThat(problems(ImplementsPublicMarker.class)).singleElement().asString()
                .contains("REDUCER wipe (ImplementsPublicMarker.wipe)");
    }

    // --- a rule on a generic supertype method reaches its implementation

    interface AdminOps<T> {
        @Reducer("purge")
        @RequiresAnyRole("admin")
        void purge(T id);
    }

    @Authenticated
    static class GenericImpl implements AdminOps<Long> {
        @Override
        public void purge(Long id) {}
    }

    abstract static class GenericBase<T> {
        @Reducer("drop")
        @RequiresAnyRole("admin")
        public abstract void drop(T id);
    }

    @Authenticated
    static class GenericChild extends GenericBase<String> {
        @Override
        public void drop(String id) {}

        /** An overload the bridge does not call: it must not be mistaken for the implementation. */
        public void drop(Integer other) {}
    }

    @Test
    void aRuleOnAGenericInterfaceMethodGuardsItsImplementation() {
        GuardedModule<GenericImpl> m = compile(GenericImpl.class);
        GenericImpl g = new GenericImpl();
        assertThat(m.entryPoint("purge").orElseThrow().rule()).isEqualTo("@RequiresAnyRole[admin]");
        assertThat(m.entryPoint("purge").orElseThrow().parameterTypes()).containsExactly(Long.class);
        assertThat(m.check(g, "purge", user, 1L).reason()).startsWith("denied purge: requires any role of [admin]");
        assertThat(m.check(g, "purge", admin, 1L).allowed()).isTrue();
    }

    @Test
    void aRuleOnAGenericSuperclassMethodGuardsItsImplementation() {
        GuardedModule<GenericChild> m = compile(GenericChild.class);
        GenericChild g = new GenericChild();
        assertThat(m.entryPoint("drop").orElseThrow().parameterTypes()).containsExactly(String.class);
        assertThat(m.check(g, "drop", user, "x").reason()).startsWith("denied drop: requires any role of [admin]");
        assertThat(m.check(g, "drop", admin, "x").allowed()).isTrue();
    }

    abstract static class Unimplemented implements AdminOps<Long> {}

    @Test
    void aRuleBearingSupertypeMethodWithoutAnImplementationFailsAtStartup() {
        assertThat(problems(Unimplemented.class)).singleElement().asString()
                .isEqualTo("AdminOps.purge has an access rule or entry-point kind, but no method of Unimplemented "
                        + "implements it");
    }

    // --- a method that overrides nothing is never served under another's rule

    static class PrivateBase {
        @View("status")
        @Public
        private String status() {
            return "base";
        }
    }

    static class ShadowingChild extends PrivateBase {
        /** Not an override: private methods are not inherited. */
        public String status() {
            return "child secret";
        }
    }

    @Test
    void aPrivateEntryPointIsNotRedirectedToAnUnrelatedSubclassMethod() {
        // before: the entry point "status" silently ran ShadowingChild.status() under @Public; now a private
        // entry point fails at startup, and the unrelated public method is no entry point at all
        assertThat(problems(ShadowingChild.class))
                .containsExactly("PrivateBase.status is private: an entry point (@View) must be a public method");
    }

    // --- a composed rule that reflection cannot see fails at startup

    @Retention(RetentionPolicy.CLASS)
    @Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
    @RequiresAnyRole("admin")
    @interface ClassRetainedAdmin {}

    @Authenticated
    static class InvisibleRule {
        @Reducer("nuke")
        @ClassRetainedAdmin
        public void nuke() {}
    }

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ClassRetainedAdmin
    @interface VisibleButHollow {}

    @Authenticated
    static class InvisibleMetaRule {
        @Reducer("nuke")
        @VisibleButHollow
        public void nuke() {}
    }

    @ClassRetainedAdmin
    static class InvisibleClassRule {
        @Reducer("nuke")
        public void nuke() {}
    }

    @Test
    void aComposedRuleWithoutRuntimeRetentionFailsAtStartup() {
        assertThat(problems(InvisibleRule.class)).singleElement().asString()
                .isEqualTo("InvisibleRule.nuke: @ClassRetainedAdmin carries access rules but is not "
                        + "@Retention(RUNTIME), so they would be invisible at run time");
        assertThat(problems(InvisibleMetaRule.class)).singleElement().asString()
                .isEqualTo("InvisibleMetaRule.nuke: @VisibleButHollow -> @ClassRetainedAdmin carries access rules "
                        + "but is not @Retention(RUNTIME), so they would be invisible at run time");
        assertThat(problems(InvisibleClassRule.class)).contains("InvisibleClassRule: @ClassRetainedAdmin carries "
                + "access rules but is not @Retention(RUNTIME), so they would be invisible at run time");
    }

    @Test
    void theFixedSemanticsStillCompileTheOrdinaryCases() {
        GuardedModule<LooseChild> m = compile(LooseChild.class);
        assertThat(m.entryPoints()).extracting(EntryPoint::name).containsExactlyInAnyOrder("purge_all", "post");
        assertThatThrownBy(() -> m.check(new LooseChild(), "nope", user)).isInstanceOf(NoSuchEntryPointException.class);
    }

    // --- second review: overrides, several supertype declarations, nested retention, inherited implementations

    @RequiresAnyRole("admin")
    interface AdminApi {
        @Reducer("purge")
        void purge();
    }

    @Authenticated
    static class LooserOverride implements AdminApi {
        @Override
        public void purge() {}
    }

    static class PlainOverride implements AdminApi {
        @Override
        public void purge() {}
    }

    @Test
    void anOverrideInALooserClassDoesNotSilentlyLoosenTheRuleOfTheTypeItImplements() {
        assertThat(problems(LooserOverride.class)).singleElement().asString()
                .startsWith("LooserOverride.purge gets different class rules from the declarations it overrides or "
                        + "implements (")
                .contains("@Authenticated(allowAnonymous=false) from [LooserOverride.purge]")
                .contains("@RequiresAnyRole({\"admin\"}) from [AdminApi.purge]")
                .endsWith("put the rule on LooserOverride.purge itself");
        GuardedModule<PlainOverride> m = compile(PlainOverride.class);
        assertThat(m.entryPoint("purge").orElseThrow().rule())
                .as("the declaring type's class rule reaches an override in a class without one")
                .isEqualTo("@RequiresAnyRole[admin]");
    }

    interface BaseApi {
        @Reducer("wipe")
        @Public
        void wipe();
    }

    interface NarrowApi extends BaseApi {
        @Override
        @RequiresAnyRole("admin")
        void wipe();
    }

    @Authenticated
    static class BothOrders implements BaseApi, NarrowApi {
        @Override
        public void wipe() {}
    }

    @Authenticated
    static class OtherOrder implements NarrowApi, BaseApi {
        @Override
        public void wipe() {}
    }

    interface Scheduling {
        @dev.warden.policy.annotation.Scheduled("wipe")
        void wipe();
    }

    @Authenticated
    static class KindClash implements BaseApi, Scheduling {
        @Override
        public void wipe() {}
    }

    @Test
    void theMostSpecificDeclarationWinsWhateverTheOrderOfTheInterfaces() {
        for (Class<?> module : List.of(BothOrders.class, OtherOrder.class)) {
            GuardedModule<?> m = compile(module);
            assertThat(m.entryPoint("wipe").orElseThrow().rule()).as(module.getSimpleName())
                    .isEqualTo("@RequiresAnyRole[admin]");
        }
        assertThat(problems(KindClash.class)).singleElement().asString()
                .startsWith("KindClash.wipe is declared as different entry points: ")
                .contains("BaseApi.wipe REDUCER wipe").contains("Scheduling.wipe SCHEDULED wipe");
    }

    @Retention(RetentionPolicy.CLASS)
    @Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
    @ClassRetainedAdmin
    @interface ClassInClass {}

    @Authenticated
    static class NestedInvisible {
        @Reducer("nuke")
        @ClassInClass
        public void nuke() {}
    }

    @Test
    void aClassRetainedRuleInsideAnotherIsFoundToo() {
        assertThat(problems(NestedInvisible.class)).singleElement().asString()
                .isEqualTo("NestedInvisible.nuke: @ClassInClass carries access rules but is not @Retention(RUNTIME), so "
                        + "they would be invisible at run time");
    }

    interface Api {
        @Reducer("ping")
        @RequiresAnyRole("admin")
        void ping();
    }

    static class ImplementsWithoutInterface {
        public void ping() {}
    }

    static class InheritsItsImplementation extends ImplementsWithoutInterface implements Api {}

    @Test
    void anImplementationInheritedFromASuperclassThatDoesNotImplementTheInterfaceIsFound() {
        GuardedModule<InheritsItsImplementation> m = compile(InheritsItsImplementation.class);
        assertThat(m.entryPoint("ping").orElseThrow().rule()).isEqualTo("@RequiresAnyRole[admin]");
        assertThat(m.entryPoint("ping").orElseThrow().method().getDeclaringClass())
                .isEqualTo(ImplementsWithoutInterface.class);
    }
}

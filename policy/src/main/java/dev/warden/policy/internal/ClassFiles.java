package dev.warden.policy.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * What a module's class files say that reflection does not: which method each compiler-generated bridge really
 * calls (the override of a generic supertype method), and the annotations kept only in the class file
 * ({@code @Retention(CLASS)}), which reflection never sees.
 */
public final class ClassFiles {

    /**
     * One class's facts.
     *
     * @param bridgeTargets bridge method key ({@code name + descriptor}) to the descriptor of the method it calls
     * @param invisible member key ({@code ""} for the class, {@code name + descriptor} for a method) to the
     *     binary names of its annotation types not retained at run time
     * @param readable whether the class file could be read at all
     */
    public record Facts(Map<String, String> bridgeTargets, Map<String, List<String>> invisible, boolean readable) {}

    private static final Facts UNREADABLE = new Facts(Map.of(), Map.of(), false);

    private final Map<Class<?>, Facts> cache = new HashMap<>();

    /**
     * @param c a class or interface
     * @return its facts, read once per instance
     */
    public Facts of(Class<?> c) {
        return cache.computeIfAbsent(c, ClassFiles::read);
    }

    /**
     * @param m a method
     * @return its key in {@link Facts}
     */
    public static String key(Method m) {
        return m.getName() + Type.getMethodDescriptor(m);
    }

    private static Facts read(Class<?> c) {
        String resource = "/" + c.getName().replace('.', '/') + ".class";
        byte[] bytes;
        try (InputStream in = c.getResourceAsStream(resource)) {
            if (in == null) {
                return UNREADABLE;
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            return UNREADABLE;
        }
        Map<String, String> bridges = new HashMap<>();
        Map<String, List<String>> invisible = new HashMap<>();
        try {
            new ClassReader(bytes).accept(new Collector(bridges, invisible), ClassReader.SKIP_DEBUG
                    | ClassReader.SKIP_FRAMES);
        } catch (RuntimeException e) {
            return UNREADABLE;
        }
        return new Facts(Map.copyOf(bridges), Map.copyOf(invisible), true);
    }

    private static final class Collector extends ClassVisitor {
        private final Map<String, String> bridges;
        private final Map<String, List<String>> invisible;

        Collector(Map<String, String> bridges, Map<String, List<String>> invisible) {
            super(Opcodes.ASM9);
            this.bridges = bridges;
            this.invisible = invisible;
        }

        @Override
        public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
            if (!visible) {
                invisible.computeIfAbsent("", k -> new ArrayList<>()).add(Type.getType(descriptor).getClassName());
            }
            return null;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            String key = name + descriptor;
            boolean bridge = (access & Opcodes.ACC_BRIDGE) != 0;
            return new MethodVisitor(Opcodes.ASM9) {
                @Override
                public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                    if (!visible) {
                        invisible.computeIfAbsent(key, k -> new ArrayList<>())
                                .add(Type.getType(annotation).getClassName());
                    }
                    return null;
                }

                @Override
                public void visitMethodInsn(int opcode, String owner, String callee, String calleeDescriptor,
                                            boolean isInterface) {
                    if (bridge && callee.equals(name) && !calleeDescriptor.equals(descriptor)) {
                        bridges.putIfAbsent(key, calleeDescriptor);
                    }
                }
            };
        }
    }
}

package org.p2pstack.jaascompat;

import java.io.PrintStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeModel;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.MethodModel;
import java.lang.classfile.MethodTransform;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.instrument.ClassFileTransformer;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.List;

/**
 * Rewrites the calls of Karaf 4.4.10 that Java 25 no longer supports, as classes are loaded, and nothing else.
 *
 * <ol>
 *   <li>{@code Subject.getSubject(AccessControlContext)} throws {@code UnsupportedOperationException} on Java 25.
 *       Every call in a Karaf or Karaf EventAdmin class becomes {@link SubjectBridge#getSubject}, which answers
 *       {@link javax.security.auth.Subject#current()}. The calls are in {@code JaasHelper.currentUserHasRole} (a copy
 *       of it is in each of org.apache.karaf.shell.core, shell.ssh, jaas.command and bundle.core),
 *       {@code ShellUtil.getCurrentUserName}, {@code SecuredSessionFactoryImpl.currentUserHasRole},
 *       {@code WhoamiCommand.execute} and {@code EventAdminImpl.prepareEvent}.</li>
 *   <li>{@code JaasHelper.doAs} ran the action under an AccessControlContext with a subject combiner, which
 *       {@code Subject.current()} does not see. Both of its {@code doAs} methods get a new body that calls
 *       {@link SubjectBridge#doAs}, which binds the subject with {@code Subject.callAs}.</li>
 * </ol>
 * Only classes under {@code org/apache/karaf/} and {@code org/apache/felix/eventadmin/} are looked at. A class that
 * cannot be rewritten is left as it is, with one line on stderr (Karaf's console log), never a failed class load.
 */
public final class SubjectCallRewriter implements ClassFileTransformer {

    static final String JAAS_HELPER = "org/apache/karaf/util/jaas/JaasHelper";
    static final List<String> SCOPE = List.of("org/apache/karaf/", "org/apache/felix/eventadmin/");

    private static final ClassDesc SUBJECT = ClassDesc.of("javax.security.auth.Subject");
    private static final ClassDesc BRIDGE = ClassDesc.of(SubjectBridge.class.getName());
    private static final ClassDesc PRIVILEGED_ACTION = ClassDesc.of("java.security.PrivilegedAction");
    private static final ClassDesc PRIVILEGED_EXCEPTION_ACTION = ClassDesc.of("java.security.PrivilegedExceptionAction");
    private static final MethodTypeDesc GET_SUBJECT = MethodTypeDesc.of(SUBJECT, ClassDesc.of("java.security.AccessControlContext"));

    private static final byte[] GET_SUBJECT_NAME = "getSubject".getBytes(StandardCharsets.US_ASCII);

    private final PrintStream problems;

    public SubjectCallRewriter(PrintStream problems) {
        this.problems = problems;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain,
            byte[] classFile) {
        if (className == null || SCOPE.stream().noneMatch(className::startsWith)
                || !className.equals(JAAS_HELPER) && !mentions(classFile, GET_SUBJECT_NAME)) {
            return null; // most classes: decided from their bytes, without parsing them
        }
        try {
            return rewrite(classFile, loader);
        } catch (RuntimeException | LinkageError e) {
            problems.println("p2pstack-jaas-compat: left " + className.replace('/', '.') + " as it is: " + e);
            return null;
        }
    }

    /**
     * The rewritten class file, or null when the class has nothing to rewrite.
     *
     * @param loader the class's loader, to look up the types the verifier's stack maps name (null: the JDK's only)
     */
    public static byte[] rewrite(byte[] classFile, ClassLoader loader) {
        ClassModel model = ClassFile.of().parse(classFile);
        boolean jaasHelper = model.thisClass().asInternalName().equals(JAAS_HELPER);
        if (!jaasHelper && model.methods().stream().noneMatch(SubjectCallRewriter::callsGetSubject)) {
            return null;
        }
        ClassHierarchyResolver types = ClassHierarchyResolver.defaultResolver();
        if (loader != null) {
            types = types.orElse(ClassHierarchyResolver.ofResourceParsing(loader));
        }
        ClassTransform transform = (builder, element) -> {
            if (element instanceof MethodModel method && jaasHelper && isDoAs(method)) {
                builder.transformMethod(method, (methodBuilder, part) -> {
                    if (part instanceof CodeModel) {
                        methodBuilder.withCode(code -> code.aload(0).aload(1)
                                .invokestatic(BRIDGE, "doAs", method.methodTypeSymbol()).areturn());
                    } else {
                        methodBuilder.with(part);
                    }
                });
            } else if (element instanceof MethodModel method && callsGetSubject(method)) {
                builder.transformMethod(method, MethodTransform.transformingCode(GET_SUBJECT_TO_BRIDGE));
            } else {
                builder.with(element);
            }
        };
        return ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(types)).transformClass(model, transform);
    }

    private static final CodeTransform GET_SUBJECT_TO_BRIDGE = (code, element) -> {
        if (element instanceof InvokeInstruction call && isGetSubject(call)) {
            code.invokestatic(BRIDGE, "getSubject", GET_SUBJECT);
        } else {
            code.with(element);
        }
    };

    /** Whether the class file's bytes hold {@code name} (a class calling a method has its name in the constant pool). */
    static boolean mentions(byte[] classFile, byte[] name) {
        outer:
        for (int i = 0; i <= classFile.length - name.length; i++) {
            for (int j = 0; j < name.length; j++) {
                if (classFile[i + j] != name[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    static boolean callsGetSubject(MethodModel method) {
        return method.code().map(code -> code.elementStream()
                .anyMatch(element -> element instanceof InvokeInstruction call && isGetSubject(call))).orElse(false);
    }

    private static boolean isGetSubject(InvokeInstruction call) {
        return call.owner().asSymbol().equals(SUBJECT) && call.name().equalsString("getSubject")
                && call.typeSymbol().equals(GET_SUBJECT);
    }

    /** {@code static Object doAs(Subject, PrivilegedAction)} and {@code (Subject, PrivilegedExceptionAction)}. */
    static boolean isDoAs(MethodModel method) {
        MethodTypeDesc type = method.methodTypeSymbol();
        return method.methodName().equalsString("doAs") && type.parameterCount() == 2
                && type.parameterType(0).equals(SUBJECT)
                && (type.parameterType(1).equals(PRIVILEGED_ACTION) || type.parameterType(1).equals(PRIVILEGED_EXCEPTION_ACTION))
                && method.code().isPresent();
    }
}

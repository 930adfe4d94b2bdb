package io.github.clbtrigger.functions;

import io.github.clbtrigger.common.Sanitize;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns an SCF-style Java handler {@code package.Class::method} into a {@link ClbFunction}.
 *
 * <p>The method is public, static or not (an instance is made once, with the public no-argument constructor, as
 * SCF does at cold start), and takes one or two parameters:
 * <ol>
 *   <li>the event: {@code String} (the JSON text), a {@code Map} or Jackson {@code JsonNode} (the parsed event), or
 *       any POJO Jackson databind can read the event into (unknown fields ignored), such as Tencent's
 *       {@code com.qcloud.services.scf.runtime.events.ClbEvent};</li>
 *   <li>optionally a context: our {@link FunctionContext}, or Tencent's {@code com.qcloud.scf.runtime.Context}
 *       (any interface of that name; it gets a proxy answering {@code getRequestId}, {@code getTimeLimitInMs},
 *       {@code getMemoryLimitInMb}).</li>
 * </ol>
 * The return value is the function's value: a {@code String} is taken as JSON text, anything else ({@code Map},
 * {@code JsonNode}, POJO) is serialized with Jackson. Overloads with the handler's name are an error: SCF would
 * pick one unpredictably.
 */
final class JavaHandler {

    static final String TENCENT_CONTEXT = "com.qcloud.scf.runtime.Context";

    private JavaHandler() {
    }

    /**
     * Loads the handler.
     *
     * @throws IllegalArgumentException the class or method is missing or unusable; the message says which
     */
    static ClbFunction load(String handler, ClassLoader loader) {
        int sep = handler.indexOf("::");
        String className = handler.substring(0, sep);
        String methodName = handler.substring(sep + 2);
        Class<?> type;
        try {
            type = Class.forName(className, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("Handler: class " + className + " not found or not loadable (are its"
                    + " classes, and what they use, on the handler class path?): " + e);
        }
        List<Method> candidates = new ArrayList<>();
        for (Method m : type.getMethods()) {
            if (m.getName().equals(methodName) && !m.isBridge() && !m.isSynthetic()) {
                candidates.add(m);
            }
        }
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("Handler: " + className + " has no public method " + methodName);
        }
        if (candidates.size() > 1) {
            throw new IllegalArgumentException("Handler: " + className + " has " + candidates.size()
                    + " public methods named " + methodName + "; an SCF handler must not be overloaded");
        }
        Method method = candidates.get(0);
        Class<?>[] params = method.getParameterTypes();
        if (params.length < 1 || params.length > 2) {
            throw new IllegalArgumentException("Handler: " + handler
                    + " must take the event and optionally a Context, takes " + params.length + " parameters");
        }
        ContextKind contextKind = params.length == 2 ? contextKind(handler, params[1]) : ContextKind.NONE;
        Object instance = null;
        if (!Modifier.isStatic(method.getModifiers())) {
            try {
                instance = type.getConstructor().newInstance();
            } catch (InvocationTargetException e) {
                throw new IllegalArgumentException("Handler: constructing " + className + " threw "
                        + Sanitize.describe(e.getCause()), e.getCause());
            } catch (ReflectiveOperationException | LinkageError e) {
                throw new IllegalArgumentException("Handler: " + className
                        + " needs a public no-argument constructor (or make " + methodName + " static): " + e);
            }
        }
        JavaType eventType = Json.EVENTS.getTypeFactory().constructType(method.getGenericParameterTypes()[0]);
        return new Reflective(method, instance, eventType, params[0], contextKind, params.length == 2 ? params[1] : null);
    }

    private enum ContextKind { NONE, OURS, TENCENT }

    private static ContextKind contextKind(String handler, Class<?> type) {
        if (type == FunctionContext.class) {
            return ContextKind.OURS;
        }
        if (type.isInterface() && type.getName().equals(TENCENT_CONTEXT)) {
            return ContextKind.TENCENT;
        }
        throw new IllegalArgumentException("Handler: " + handler + ": second parameter must be "
                + TENCENT_CONTEXT + " or " + FunctionContext.class.getName() + ", is " + type.getName());
    }

    private static final class Reflective implements ClbFunction {
        private final Method method;
        private final Object instance;
        private final JavaType eventType;
        private final Class<?> eventClass;
        private final ContextKind contextKind;
        private final Class<?> contextType;

        Reflective(Method method, Object instance, JavaType eventType, Class<?> eventClass, ContextKind contextKind,
                Class<?> contextType) {
            this.method = method;
            this.instance = instance;
            this.eventType = eventType;
            this.eventClass = eventClass;
            this.contextKind = contextKind;
            this.contextType = contextType;
        }

        @Override
        public String handle(String eventJson, FunctionContext context) throws Exception {
            Object event;
            if (eventClass == String.class || eventClass == CharSequence.class) {
                event = eventJson;
            } else if (JsonNode.class.isAssignableFrom(eventClass)) {
                event = Json.EVENTS.readTree(eventJson);
            } else {
                event = Json.EVENTS.readValue(eventJson, eventType);
            }
            Object[] args = switch (contextKind) {
                case NONE -> new Object[] {event};
                case OURS -> new Object[] {event, context};
                case TENCENT -> new Object[] {event, tencentContext(contextType, context)};
            };
            Object value;
            try {
                value = method.invoke(instance, args);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof Exception ex) {
                    throw ex;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw e;
            }
            if (value == null || value instanceof String) {
                return (String) value;
            }
            return Json.EVENTS.writeValueAsString(value);
        }
    }

    /** A {@code com.qcloud.scf.runtime.Context} answering from our context; other methods return zero values. */
    static Object tencentContext(Class<?> contextType, FunctionContext context) {
        InvocationHandler h = (proxy, m, args) -> {
            switch (m.getName()) {
                case "getRequestId":
                    return context.requestId();
                case "getTimeLimitInMs":
                    return context.timeLimitInMs();
                case "getMemoryLimitInMb":
                    return context.memoryLimitInMb();
                case "toString":
                    return "Context[requestId=" + context.requestId() + "]";
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                default:
                    return zero(m.getGenericReturnType());
            }
        };
        return Proxy.newProxyInstance(contextType.getClassLoader(), new Class<?>[] {contextType}, h);
    }

    private static Object zero(Type type) {
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == double.class) {
            return 0d;
        }
        if (type == float.class) {
            return 0f;
        }
        if (type == short.class) {
            return (short) 0;
        }
        if (type == byte.class) {
            return (byte) 0;
        }
        if (type == char.class) {
            return '\0';
        }
        if (type instanceof Class<?> c && Map.class.isAssignableFrom(c)) {
            return Map.of();
        }
        return null;
    }
}

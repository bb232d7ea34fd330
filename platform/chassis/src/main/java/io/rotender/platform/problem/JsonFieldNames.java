package io.rotender.platform.problem;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;

import java.lang.reflect.Method;
import java.util.List;

/**
 * Names a failing field the way the client wrote it: the JSON property path ({@code customer.first_name},
 * {@code items[2].quantity}) rather than the Java one, whatever naming the endpoint's payload uses.
 */
final class JsonFieldNames {

    private JsonFieldNames() {
    }

    static String of(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    static String of(ConstraintViolation<?> violation, ObjectMapper mapper) {
        StringBuilder path = new StringBuilder();
        JavaType current = null;
        Object[] parameters = violation.getExecutableParameters();
        for (Path.Node node : violation.getPropertyPath()) {
            ElementKind kind = node.getKind();
            if (kind == ElementKind.METHOD || kind == ElementKind.CONSTRUCTOR || kind == ElementKind.RETURN_VALUE) {
                continue;
            }
            if (kind == ElementKind.PARAMETER) {
                int index = node.as(Path.ParameterNode.class).getParameterIndex();
                Object value = parameters != null && index < parameters.length ? parameters[index] : null;
                if (value != null && !isSimple(value.getClass())) {
                    current = mapper.constructType(value.getClass()); // the body: its fields are named from the root
                    continue;
                }
                append(path, node.getName());
                continue;
            }
            if (node.getIndex() != null) {
                path.append('[').append(node.getIndex()).append(']');
            } else if (node.getKey() != null) {
                path.append('[').append(node.getKey()).append(']');
            }
            if (kind == ElementKind.PROPERTY && node.getName() != null) {
                BeanPropertyDefinition property = current == null ? null : find(mapper, current, node.getName());
                append(path, property == null ? node.getName() : property.getName());
                current = property == null ? null : elementType(property.getPrimaryType());
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    private static void append(StringBuilder path, String name) {
        if (!path.isEmpty()) {
            path.append('.');
        }
        path.append(name);
    }

    private static BeanPropertyDefinition find(ObjectMapper mapper, JavaType type, String javaName) {
        List<BeanPropertyDefinition> properties = mapper.getDeserializationConfig().introspect(type).findProperties();
        for (BeanPropertyDefinition p : properties) {
            if (javaName.equals(p.getInternalName())) {
                return p;
            }
        }
        return null;
    }

    private static JavaType elementType(JavaType type) {
        if (type == null) {
            return null;
        }
        return type.isContainerType() && type.getContentType() != null ? type.getContentType() : type;
    }

    private static boolean isSimple(Class<?> type) {
        return type.isPrimitive() || type.getName().startsWith("java.") || type.isEnum() || Method.class.equals(type);
    }
}

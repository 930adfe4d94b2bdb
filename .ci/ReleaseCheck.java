import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import javax.lang.model.SourceVersion;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Checks a staged release bundle (a Maven repository written by {@code mvn -Prelease deploy
 * -DaltDeploymentRepository=...}) against what Maven Central requires and what users of clb-trigger rely on.
 *
 * <p>Usage: {@code java .ci/ReleaseCheck.java REPO_ROOT STAGING_DIR [--signed]}. The published set is read from the
 * reactor under REPO_ROOT: every module whose pom does not set {@code <publish.skip>true</publish.skip>}. Each must
 * be staged, and nothing else may be. Per artifact: the pom's own name and description, its effective url, licences,
 * developers and scm (inherited through staged parents, as Maven inherits them); for a jar, a sources jar with
 * sources, a javadoc jar with an index, and an {@code Automatic-Module-Name} that is a valid module name and the
 * prefix of every package in the jar; no test library and no unpublished module in a scope a user's build gets
 * (compile, runtime); sha1 checksums; with {@code --signed}, an {@code .asc} next to every file (the calling script
 * verifies them with gpg). The BOM manages exactly the published jars, at the release's version; the cli has a
 * runnable {@code all} jar. Prints every problem, exits 1 if there is one.
 */
public final class ReleaseCheck {

    static final String GROUP = "io.github.clbtrigger";
    static final String BOM = "clb-bom";
    static final String PLACEHOLDER_MODULE_NAME = "io.github.clbtrigger.unnamed";

    /** Libraries that are only for tests: none may reach a user's compile or runtime class path. */
    static final List<String> TEST_ONLY = List.of(
            "org.junit", "junit:", "org.assertj:", "org.quicktheories:", "org.mockito:", "org.hamcrest:",
            "net.jqwik:", "org.apache.tomcat.embed:", "io.undertow:", "com.tencentcloudapi:scf-java-events",
            "org.openjdk.jmh:");

    /** A published module whose job is testing may depend on the test API it extends, and only on that. */
    static final Map<String, List<String>> TEST_ONLY_ALLOWED = Map.of(
            "clb-test", List.of("org.junit.jupiter:junit-jupiter-api", "org.junit.platform:"));

    /** ... and on these only as {@code <optional>true</optional>} (never passed on to a user's build): clb-test's
     *  AssertJ assertions, for users who have AssertJ. */
    static final Map<String, List<String>> TEST_ONLY_OPTIONAL = Map.of("clb-test", List.of("org.assertj:"));

    final Path staging;
    final boolean signed;
    final Set<String> problems = new LinkedHashSet<>();
    final Map<String, Element> poms = new LinkedHashMap<>();
    final Map<String, Path> pomFiles = new LinkedHashMap<>();

    ReleaseCheck(Path staging, boolean signed) {
        this.staging = staging;
        this.signed = signed;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: java .ci/ReleaseCheck.java REPO_ROOT STAGING_DIR [--signed]");
            System.exit(2);
        }
        Path root = Path.of(args[0]);
        ReleaseCheck check = new ReleaseCheck(Path.of(args[1]), args.length > 2 && args[2].equals("--signed"));
        Map<String, String> expected = new LinkedHashMap<>();
        Element rootPom = parse(root.resolve("pom.xml"));
        String version = text(rootPom, "version");
        check.reactor(root, rootPom, expected);
        check.run(expected, version);
        for (String p : check.problems) {
            System.out.println("release-check: " + p);
        }
        System.out.println("release-check: " + expected.size() + " artifacts expected, "
                + check.poms.size() + " staged, " + check.problems.size() + " problems");
        System.exit(check.problems.isEmpty() ? 0 : 1);
    }

    /** The published modules of the reactor, artifactId to packaging. */
    void reactor(Path dir, Element pom, Map<String, String> published) throws Exception {
        Element props = child(pom, "properties");
        boolean skip = props != null && "true".equals(text(props, "publish.skip"));
        if (!skip) {
            published.put(text(pom, "artifactId"), Optional.ofNullable(text(pom, "packaging")).orElse("jar"));
        }
        Element modules = child(pom, "modules");
        if (modules != null) {
            for (Element m : children(modules, "module")) {
                Path sub = dir.resolve(m.getTextContent().trim());
                reactor(sub, parse(sub.resolve("pom.xml")), published);
            }
        }
    }

    void run(Map<String, String> expected, String version) throws Exception {
        Path group = staging.resolve(GROUP.replace('.', '/'));
        if (!Files.isDirectory(group)) {
            problems.add("nothing staged under " + group);
            return;
        }
        try (Stream<Path> files = Files.walk(group)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".pom")).sorted().toList()) {
                Element pom = parse(f);
                String id = text(pom, "artifactId");
                poms.put(id, pom);
                pomFiles.put(id, f);
            }
        }
        for (String id : expected.keySet()) {
            if (!poms.containsKey(id)) {
                problems.add(id + ": not staged (a published module: its deploy was skipped?)");
            }
        }
        for (String id : poms.keySet()) {
            if (!expected.containsKey(id)) {
                problems.add(id + ": staged but not a published module (set <publish.skip>true</publish.skip>?)");
            }
        }
        String url = text(poms.getOrDefault(BOM, rootOf()), "url");
        for (Map.Entry<String, Element> e : poms.entrySet()) {
            String id = e.getKey();
            Element pom = e.getValue();
            String v = effective(pom, "version");
            if (!version.equals(v)) {
                problems.add(id + ": version " + v + ", the release is " + version);
            }
            metadata(id, pom, url);
            String base = pomFiles.get(id).getFileName().toString().replaceFirst("\\.pom$", "");
            Path dir = pomFiles.get(id).getParent();
            List<Path> files = new ArrayList<>(List.of(pomFiles.get(id)));
            if ("jar".equals(Optional.ofNullable(text(pom, "packaging")).orElse("jar"))) {
                files.addAll(jars(id, dir, base));
            }
            if (id.equals("clb-cli")) {
                files.add(runnable(dir.resolve(base + "-all.jar")));
            }
            dependencies(id, pom, expected);
            for (Path f : files) {
                checksum(f);
                if (signed && !Files.exists(Path.of(f + ".asc"))) {
                    problems.add(id + ": no signature " + f.getFileName() + ".asc");
                }
            }
        }
        if (poms.containsKey(BOM)) {
            bom(poms.get(BOM), expected, version);
        }
    }

    Element rootOf() {
        return poms.values().stream().filter(p -> child(p, "parent") == null).findFirst().orElseThrow();
    }

    void metadata(String id, Element pom, String url) {
        // Maven does not inherit name, and an inherited description would describe the parent: both are the pom's own.
        for (String field : List.of("name", "description")) {
            if (blank(text(pom, field))) {
                problems.add(id + ": pom has no <" + field + "> of its own");
            }
        }
        if (!url.equals(effectiveUrl(pom, "url"))) {
            problems.add(id + ": url " + effectiveUrl(pom, "url") + ", the project's is " + url);
        }
        Element licenses = effectiveChild(pom, "licenses");
        if (licenses == null || children(licenses, "license").stream()
                .anyMatch(l -> blank(text(l, "name")) || blank(text(l, "url")))
                || children(licenses, "license").isEmpty()) {
            problems.add(id + ": pom has no <licenses> with a name and url each");
        }
        Element developers = effectiveChild(pom, "developers");
        if (developers == null || children(developers, "developer").isEmpty()
                || children(developers, "developer").stream().anyMatch(d -> blank(text(d, "name")))) {
            problems.add(id + ": pom has no <developers> with a name each");
        }
        Element scm = effectiveChild(pom, "scm");
        if (scm == null || blank(text(scm, "url")) || blank(text(scm, "connection"))) {
            problems.add(id + ": pom has no <scm> with url and connection");
        } else if (!url.equals(effectiveUrl(pom, "scm/url"))) {
            problems.add(id + ": scm url " + effectiveUrl(pom, "scm/url") + ", the project's is " + url);
        }
    }

    List<Path> jars(String id, Path dir, String base) throws IOException {
        Path main = dir.resolve(base + ".jar");
        Path sources = dir.resolve(base + "-sources.jar");
        Path javadoc = dir.resolve(base + "-javadoc.jar");
        List<Path> present = new ArrayList<>();
        for (Path p : List.of(main, sources, javadoc)) {
            if (Files.exists(p)) {
                present.add(p);
            } else {
                problems.add(id + ": no " + p.getFileName());
            }
        }
        if (Files.exists(sources) && entries(sources).stream().noneMatch(n -> n.endsWith(".java"))) {
            problems.add(id + ": the sources jar has no .java file");
        }
        if (Files.exists(javadoc) && !entries(javadoc).contains("index.html")) {
            problems.add(id + ": the javadoc jar has no index.html");
        }
        if (Files.exists(main)) {
            try (JarFile jar = new JarFile(main.toFile())) {
                String name = jar.getManifest() == null ? null
                        : jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name");
                if (blank(name) || name.equals(PLACEHOLDER_MODULE_NAME) || !SourceVersion.isName(name)) {
                    problems.add(id + ": Automatic-Module-Name is " + name
                            + " (set <module.name> in the module's pom to its top package)");
                } else {
                    Set<String> packages = new TreeSet<>();
                    jar.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class") && n.contains("/"))
                            .filter(n -> !n.startsWith("META-INF/"))
                            .forEach(n -> packages.add(n.substring(0, n.lastIndexOf('/')).replace('/', '.')));
                    for (String p : packages) {
                        if (!(p.equals(name) || p.startsWith(name + "."))) {
                            problems.add(id + ": package " + p + " is outside its module name " + name);
                        }
                    }
                }
            }
        }
        return present;
    }

    /** The cli's runnable jar: present, with a Main-Class, and it starts (--version prints the release's). */
    Path runnable(Path all) throws Exception {
        if (!Files.exists(all)) {
            problems.add("clb-cli: no runnable " + all.getFileName());
            return all;
        }
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", all.toString(), "--version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        if (p.waitFor() != 0 || !out.startsWith("clb ") || out.contains("development")) {
            problems.add("clb-cli: java -jar " + all.getFileName() + " --version printed '" + out + "'");
        }
        return all;
    }

    void dependencies(String id, Element pom, Map<String, String> published) {
        Map<String, String> managedScopes = new LinkedHashMap<>();
        List<Element> deps = new ArrayList<>();
        for (Element p = pom; p != null; p = parentOf(p)) {
            Element dm = child(p, "dependencyManagement");
            if (dm != null && child(dm, "dependencies") != null) {
                for (Element d : children(child(dm, "dependencies"), "dependency")) {
                    managedScopes.putIfAbsent(ga(d), Optional.ofNullable(text(d, "scope")).orElse(""));
                }
            }
            if (child(p, "dependencies") != null) {
                deps.addAll(children(child(p, "dependencies"), "dependency"));
            }
        }
        for (Element d : deps) {
            String scope = Optional.ofNullable(text(d, "scope")).orElse(managedScopes.getOrDefault(ga(d), ""));
            if (scope.isEmpty()) {
                scope = "compile";
            }
            if (!scope.equals("compile") && !scope.equals("runtime")) {
                continue;
            }
            String coordinates = ga(d);
            boolean allowed = TEST_ONLY_ALLOWED.getOrDefault(id, List.of()).stream().anyMatch(coordinates::startsWith)
                    || "true".equals(text(d, "optional"))
                    && TEST_ONLY_OPTIONAL.getOrDefault(id, List.of()).stream().anyMatch(coordinates::startsWith);
            if (!allowed && TEST_ONLY.stream().anyMatch(coordinates::startsWith)) {
                problems.add(id + ": test library " + coordinates + " in scope " + scope
                        + " (a user's build would get it)");
            }
            if (GROUP.equals(text(d, "groupId")) && !published.containsKey(text(d, "artifactId"))) {
                problems.add(id + ": depends on " + coordinates + " (scope " + scope + "), which is not published");
            }
        }
    }

    void bom(Element bom, Map<String, String> published, String version) {
        if (child(bom, "parent") != null) {
            problems.add(BOM + ": has a parent, so importing it would also import the parent's dependencyManagement");
        }
        Set<String> managed = new TreeSet<>();
        Element dm = child(bom, "dependencyManagement");
        if (dm != null && child(dm, "dependencies") != null) {
            for (Element d : children(child(dm, "dependencies"), "dependency")) {
                if (!GROUP.equals(text(d, "groupId"))) {
                    problems.add(BOM + ": manages " + ga(d) + ", which is not clb-trigger's to pin");
                }
                String v = text(d, "version");
                if (!"${project.version}".equals(v) && !version.equals(v)) {
                    problems.add(BOM + ": " + ga(d) + " at " + v + ", the release is " + version);
                }
                managed.add(String.valueOf(text(d, "artifactId")));
            }
        }
        for (Map.Entry<String, String> e : published.entrySet()) {
            if (e.getValue().equals("jar") && !managed.contains(e.getKey())) {
                problems.add(BOM + ": does not manage the published " + e.getKey());
            }
        }
        for (String m : managed) {
            if (!published.containsKey(m)) {
                problems.add(BOM + ": manages " + m + ", which is not published");
            }
        }
    }

    void checksum(Path f) throws Exception {
        Path sha1 = Path.of(f + ".sha1");
        if (!Files.exists(f)) {
            return;
        }
        if (!Files.exists(sha1)) {
            problems.add(f.getFileName() + ": no .sha1");
            return;
        }
        String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(Files.readAllBytes(f)));
        if (!Files.readString(sha1).trim().startsWith(actual)) {
            problems.add(f.getFileName() + ": .sha1 does not match");
        }
    }

    /** A field as Maven inherits it: the pom's own, else its staged parent's. */
    String effective(Element pom, String field) {
        for (Element p = pom; p != null; p = parentOf(p)) {
            String v = text(p, field);
            if (v != null) {
                return v;
            }
            if (field.equals("version") && child(p, "parent") != null) {
                return text(child(p, "parent"), "version");
            }
        }
        return null;
    }

    Element effectiveChild(Element pom, String name) {
        for (Element p = pom; p != null; p = parentOf(p)) {
            if (child(p, name) != null) {
                return child(p, name);
            }
        }
        return null;
    }

    /** url or scm/url as Maven inherits it: the parent's plus "/artifactId", unless the parent turns that off. */
    String effectiveUrl(Element pom, String path) {
        boolean scm = path.startsWith("scm/");
        Element holder = scm ? child(pom, "scm") : pom;
        String own = holder == null ? null : text(holder, "url");
        if (own != null) {
            return own;
        }
        Element parent = parentOf(pom);
        if (parent == null) {
            return null;
        }
        String inherited = effectiveUrl(parent, path);
        Element flagHolder = scm ? child(parent, "scm") : parent;
        String flag = flagHolder == null ? null
                : flagHolder.getAttribute(scm ? "child.scm.url.inherit.append.path" : "child.project.url.inherit.append.path");
        return inherited == null || "false".equals(flag) ? inherited : inherited + "/" + text(pom, "artifactId");
    }

    Element parentOf(Element pom) {
        Element parent = child(pom, "parent");
        if (parent == null) {
            return null;
        }
        String id = text(parent, "artifactId");
        if (!GROUP.equals(text(parent, "groupId")) || !poms.containsKey(id)) {
            problems.add(text(pom, "artifactId") + ": its parent " + id + " is not staged");
            return null;
        }
        return poms.get(id);
    }

    static Set<String> entries(Path jar) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            Set<String> names = new TreeSet<>();
            j.stream().forEach(e -> names.add(e.getName()));
            return names;
        }
    }

    static Element parse(Path pom) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        try (InputStream in = Files.newInputStream(pom)) {
            return f.newDocumentBuilder().parse(in).getDocumentElement();
        }
    }

    static String ga(Element d) {
        return text(d, "groupId") + ":" + text(d, "artifactId");
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    static Element child(Element e, String name) {
        List<Element> c = children(e, name);
        return c.isEmpty() ? null : c.get(0);
    }

    static List<Element> children(Element e, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && c.getTagName().equals(name)) {
                out.add(c);
            }
        }
        return out;
    }

    static String text(Element e, String name) {
        Element c = child(e, name);
        return c == null ? null : c.getTextContent().trim();
    }
}

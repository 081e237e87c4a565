package dev.portcullis.admin;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ARCHITECTURE.md for this module: the admin surface knows the core and Undertow's handler types only, never the
 * transport's internals or another adapter, so it mounts on any transport that honours {@code @HttpRoutes}.
 */
class AdminArchitectureTest {

  private static final String ADMIN = "dev.portcullis.admin..";

  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.portcullis.admin");
  }

  @Test
  void theAdminSurfaceDependsOnNoOtherAdapter() {
    noClasses().that().resideInAPackage(ADMIN)
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.portcullis.undertow..", "dev.portcullis.jwt..", "dev.portcullis.redis..", "dev.portcullis.policies..")
        .because("the admin surface reaches the node through the core's ports only (ARCHITECTURE.md, Modules)")
        .check(classes);
  }

  @Test
  void theAdminSurfaceUsesUndertowsHandlerTypesOnly() {
    noClasses().that().resideInAPackage(ADMIN)
        .should().dependOnClassesThat().resideInAnyPackage("org.xnio..", "io.undertow.websockets..",
            "io.undertow.protocols..", "io.undertow.conduits..")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("io.undertow.Undertow")
        .because("admin-api may depend on Undertow's handlers only; the server belongs to the transport")
        .check(classes);
  }

  @Test
  void theAdminSurfaceUsesNoTokenOrStateLibrary() {
    noClasses().that().resideInAPackage(ADMIN)
        .should().dependOnClassesThat().resideInAnyPackage("io.jsonwebtoken..", "io.lettuce..",
            "io.github.resilience4j..")
        .because("tokens are verified behind AuthPort and shared state sits behind the ports")
        .check(classes);
  }
}

package dev.portcullis.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The architecture of ARCHITECTURE.md as rules: the arrows point inward only. The core knows no
 * adapter and no adapter library, Guice stays in the core's assembly package, policies know ports
 * and never adapters, nothing depends in a circle, and the core's ports and domain values stand on
 * the JDK alone. Runs on the main classes of every module on the testkit's class path.
 */
class ArchitectureTest {

  private static final String CORE = "dev.portcullis.core..";
  private static final String POLICIES = "dev.portcullis.policies..";
  private static final String[] ADAPTER_PACKAGES = {
      "dev.portcullis.undertow..", "dev.portcullis.jwt..", "dev.portcullis.redis..", "dev.portcullis.admin.."};
  private static final String[] UNDERTOW = {"io.undertow..", "org.xnio.."};
  private static final String JJWT = "io.jsonwebtoken..";
  private static final String LETTUCE = "io.lettuce..";
  private static final String RESILIENCE4J = "io.github.resilience4j..";
  private static final String GUICE = "com.google.inject..";

  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        // A test-jar (the core's port contracts) is test code too, though not under target/test-classes.
        .withImportOption(location -> !location.contains("-tests.jar"))
        .importPackages("dev.portcullis");
  }

  @Test
  void theCoreDependsOnNoUndertow() {
    noClasses().that().resideInAPackage(CORE)
        .should().dependOnClassesThat().resideInAnyPackage(UNDERTOW)
        .because("the transport is an adapter: the core must run under any server (ARCHITECTURE.md, Modules)")
        .check(classes);
  }

  @Test
  void theCoreDependsOnNoJjwt() {
    noClasses().that().resideInAPackage(CORE)
        .should().dependOnClassesThat().resideInAPackage(JJWT)
        .because("token verification is behind AuthPort; jjwt belongs to adapters-jwt alone")
        .check(classes);
  }

  @Test
  void theCoreDependsOnNoLettuce() {
    noClasses().that().resideInAPackage(CORE)
        .should().dependOnClassesThat().resideInAPackage(LETTUCE)
        .because("shared state is behind the state ports; Redis belongs to adapters-redis alone")
        .check(classes);
  }

  @Test
  void theCoreDependsOnNoResilience4j() {
    noClasses().that().resideInAPackage(CORE)
        .should().dependOnClassesThat().resideInAPackage(RESILIENCE4J)
        .because("circuit breaking wraps Redis calls at the adapter edge, not the domain")
        .check(classes);
  }

  @Test
  void theCoreDependsOnNoAdapter() {
    noClasses().that().resideInAPackage(CORE)
        .should().dependOnClassesThat().resideInAnyPackage(ADAPTER_PACKAGES)
        .because("arrows point inward: adapters know the core, the core knows no adapter")
        .check(classes);
  }

  @Test
  void guiceIsUsedInTheCoreOnlyByTheAssemblyPackage() {
    noClasses().that().resideInAPackage(CORE).and().resideOutsideOfPackage("dev.portcullis.core.inject..")
        .should().dependOnClassesThat().resideInAPackage(GUICE)
        .because("domain, ports, engine and in-memory state stay framework-free; only inject assembles "
            + "(STYLE.md: no framework annotations inside the core)")
        .check(classes);
  }

  @Test
  void policiesDependOnNoAdapter() {
    noClasses().that().resideInAPackage(POLICIES)
        .should().dependOnClassesThat().resideInAnyPackage(ADAPTER_PACKAGES)
        .because("a policy uses ports, never adapters, so it works with in-memory and Redis state alike")
        .check(classes);
  }

  @Test
  void policiesDependOnNoAdapterLibrary() {
    noClasses().that().resideInAPackage(POLICIES)
        .should().dependOnClassesThat()
        .resideInAnyPackage(UNDERTOW[0], UNDERTOW[1], JJWT, LETTUCE, RESILIENCE4J)
        .because("a policy sees a transport-neutral HandshakeRequest and ports, never the libraries behind them")
        .check(classes);
  }

  @Test
  void noModuleDependsOnAnotherInACircle() {
    slices().matching("dev.portcullis.(*)..")
        .should().beFreeOfCycles()
        .because("modules form a hierarchy with the core at its root; a cycle would make them one module")
        .check(classes);
  }

  @Test
  void noPackageOfTheCoreDependsOnAnotherInACircle() {
    slices().matching("dev.portcullis.core.(*)..")
        .should().beFreeOfCycles()
        .because("each core package (model, port, event, policy, engine, memory, config, inject) must be "
            + "understandable and testable on top of those below it")
        .check(classes);
  }

  @Test
  void portsAndDomainValuesDependOnNothingButTheJdkSlf4jAndEachOther() {
    classes().that().resideInAnyPackage("dev.portcullis.core.port..", "dev.portcullis.core.model..")
        .should().onlyDependOnClassesThat().resideInAnyPackage(
            "java..", "javax..", "org.slf4j..",
            "dev.portcullis.core.port..", "dev.portcullis.core.model..", "dev.portcullis.core.event..")
        .because("ports and domain values are the contract every adapter implements; "
            + "they must not drag a library into every adapter")
        .check(classes);
  }
}

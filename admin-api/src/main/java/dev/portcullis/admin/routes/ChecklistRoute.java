package dev.portcullis.admin.routes;

import dev.portcullis.admin.checklist.CheckItem;
import dev.portcullis.admin.checklist.CheckStatus;
import dev.portcullis.admin.checklist.Checklist;
import dev.portcullis.admin.http.AdminRequest;
import dev.portcullis.admin.http.Answer;
import dev.portcullis.core.config.PortcullisConfig;
import java.util.List;
import java.util.Locale;

/** {@code GET /admin/checklist}: the security checklist, item by item, for the running configuration. */
public final class ChecklistRoute {

  private final PortcullisConfig config;

  public ChecklistRoute(PortcullisConfig config) {
    this.config = config;
  }

  public Answer get(AdminRequest request) {
    List<CheckItem> items = Checklist.evaluate(config);
    List<Item> shown = items.stream().map(Item::of).toList();
    long failed = items.stream().filter(i -> i.status() == CheckStatus.FAIL).count();
    long warned = items.stream().filter(i -> i.status() == CheckStatus.WARN).count();
    return Answer.ok(new Result(shown, failed, warned));
  }

  record Result(List<Item> items, long failed, long warned) {}

  record Item(String id, String status, String title, String reason, String variable) {
    static Item of(CheckItem item) {
      return new Item(item.id(), item.status().name().toLowerCase(Locale.ROOT), item.title(), item.reason(),
          item.variable());
    }
  }
}

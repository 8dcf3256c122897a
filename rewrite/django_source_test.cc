#include "rewrite/django_source.h"

#include <gtest/gtest.h>

#include <sstream>

namespace migrate::rewrite {
namespace {

std::string render(const std::vector<AppConfigMention>& ms) {
  std::ostringstream os;
  for (const AppConfigMention& m : ms) {
    os << (m.kind == AppConfigMention::Kind::kClass ? "class " : "reference ") << m.class_name << " app="
       << m.app << " line=" << m.line << '\n';
  }
  return os.str();
}

TEST(DjangoSource, AppConfigClassesAndReferencesInWalkOrder) {
  ParsedFile f(
      "from django.apps import AppConfig\n"                      // 1
      "import django.apps\n"                                     // 2
      "class Error_TrackingConfig(AppConfig):\n"                 // 3
      "    name = \"products.error_tracking.backend\"\n"         // 4
      "    note = \"products.apps.Other_Config\"\n"              // 5
      "class Labelled(django.apps.AppConfig):\n"                 // 6
      "    name = \"products.x.backend\"\n"                      // 7
      "    label = \"billing\"\n"                                // 8
      "class FromFolder(AppConfig):\n"                           // 9
      "    pass\n"                                               // 10
      "class NotAConfig(MyAppConfig):\n"                         // 11
      "    name = \"a.b\"\n"                                     // 12
      "APPS = [\"posthog.apps.PosthogConfig\", \"x.apps.Web_AppConfig\"]\n");  // 13
  EXPECT_EQ(render(appconfig_mentions(f, "products/surveys/backend/apps.py")),
            "class Error_TrackingConfig app=error_tracking line=3\n"
            "reference Other_Config app= line=5\n"
            "class Labelled app=billing line=6\n"
            "class FromFolder app=surveys line=9\n"
            "reference Web_AppConfig app= line=13\n");
  // No folder, no name, no label: no app.
  ParsedFile g("class C(AppConfig):\n    pass\n");
  EXPECT_EQ(render(appconfig_mentions(g, "apps.py")), "class C app= line=1\n");
}

TEST(DjangoSource, RelationTargetsWithoutAnAppLabel) {
  ParsedFile f(
      "class A(models.Model):\n"                                            // 1
      "    a = models.ForeignKey(\"User\", on_delete=models.CASCADE)\n"    // 2
      "    b = models.ForeignKey(\"posthog.User\", on_delete=CASCADE)\n"   // 3
      "    c = OneToOneField(to=\"Team\")\n"                                // 4
      "    d = models.ManyToManyField(\"self\")\n"                          // 5
      "    e = models.ForeignKey(User)\n"                                   // 6
      "    f = models.ManyToManyField(\n"                                   // 7
      "        # the tags\n"                                                // 8
      "        \"Tag\")\n"                                                  // 9
      "    g = models.CharField(\"Name\")\n");                              // 10
  std::ostringstream os;
  for (const UnqualifiedRelation& r : unqualified_relations(f)) os << r.field_type << ' ' << r.target << ' ' << r.line << '\n';
  EXPECT_EQ(os.str(), "ForeignKey User 2\nOneToOneField Team 4\nManyToManyField Tag 9\n");
}

TEST(DjangoSource, ExportsOfANameFromItsOldModule) {
  ParsedFile f(
      "from .error_tracking import ErrorGroup, Other\n"          // 1
      "from posthog.models.error_tracking import ErrorGroup as EG\n"  // 2
      "def helper():\n"                                          // 3
      "    from .error_tracking import ErrorGroup\n"             // 4
      "__all__ = [\"ErrorGroup\", \"Other\"]\n");                // 5
  const NameExports e = exports_of(f, "ErrorGroup", "posthog.models.error_tracking", "posthog.models");
  ASSERT_EQ(e.hits.size(), 3u);
  EXPECT_EQ(e.hits[0].how, NameExports::How::kImportFrom);
  EXPECT_EQ(e.hits[0].line, 1u);
  EXPECT_EQ(e.hits[0].module, "posthog.models.error_tracking");
  EXPECT_EQ(e.hits[1].line, 2u);
  EXPECT_EQ(e.hits[2].how, NameExports::How::kAllEntry);
  EXPECT_EQ(e.hits[2].line, 5u);
  EXPECT_FALSE(e.bound_elsewhere);

  ParsedFile g(
      "from .new_home import ErrorGroup\n"
      "__all__ = [\"ErrorGroup\"]\n");
  const NameExports h = exports_of(g, "ErrorGroup", "posthog.models.error_tracking", "posthog.models");
  ASSERT_EQ(h.hits.size(), 1u);
  EXPECT_EQ(h.hits[0].how, NameExports::How::kAllEntry);
  EXPECT_TRUE(h.bound_elsewhere);
}

}  // namespace
}  // namespace migrate::rewrite

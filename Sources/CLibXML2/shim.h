#include <libxml/xmlversion.h>
// libxml2 built with ICU pulls ICU's headers in through encoding.h, and Foundation brings
// its own copy of ICU: two definitions of the same C types. Allmenning never touches the
// ICU-specific converter fields, so the module is built without them.
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlsave.h>
#include <libxml/xpath.h>

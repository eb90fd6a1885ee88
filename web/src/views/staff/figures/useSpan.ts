// The span a figures screen shows, read from and written to the address (?period=&from=&to=).
import { computed, type WritableComputedRef } from "vue";
import { useRoute, useRouter } from "vue-router";
import { shanghaiToday, type Span, spanOf } from "./figures";

export function useSpan(): WritableComputedRef<Span> {
  const route = useRoute();
  const router = useRouter();
  return computed<Span>({
    get: () => spanOf(route.query, shanghaiToday()),
    set: (span) => {
      void router.replace({ query: { ...route.query, ...span } });
    },
  });
}

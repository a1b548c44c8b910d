"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { useRefreshInterval } from "@/components/preferences/use-preference";

// Re-renders a server page (the overview) at the interval chosen in the header, and not
// while the tab is hidden: a dashboard left open on a wall stays current.
export function LiveRefresh() {
  const router = useRouter();
  const interval = useRefreshInterval();
  useEffect(() => {
    if (interval === false) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") router.refresh();
    }, interval);
    return () => clearInterval(timer);
  }, [interval, router]);
  return null;
}

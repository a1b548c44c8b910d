import Link from "next/link";
import { PageTitle } from "@/components/ui/page-title";

export default function NotFound() {
  return (
    <>
      <PageTitle title="Not found">There is no page at this address.</PageTitle>
      <Link href="/" className="text-sm font-medium underline">
        Back to the overview
      </Link>
    </>
  );
}

import type { Metadata } from "next";
import { connection } from "next/server";
import { LookupForm } from "@/components/lookup-form";
import { TaskDetailView } from "@/components/task-detail/task-detail-view";
import { PageTitle } from "@/components/ui/page-title";
import { getTaskDetail } from "@/lib/tasks/queries/get-task-detail";

type Props = { params: Promise<{ persistentId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await params).persistentId };
}

export default async function TaskPage({ params }: Props) {
  await connection();
  const { persistentId } = await params;
  const detail = await getTaskDetail(persistentId);
  if (!detail) {
    // Someone arriving with an id from a ticket: offer to ask the vendor.
    return (
      <>
        <PageTitle title="Task not known here">
          No callback or lookup has been recorded for <span className="font-mono">{persistentId}</span>.
        </PageTitle>
        <LookupForm defaultPersistentId={persistentId} />
      </>
    );
  }
  return <TaskDetailView initial={detail} />;
}
